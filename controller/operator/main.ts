// The operator console: entry point.
document.body.dataset.page = 'operator';
