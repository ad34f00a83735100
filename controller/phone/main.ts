// The phone controller: entry point.
document.body.dataset.page = 'controller';
