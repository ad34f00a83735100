// The wall: entry point (the p5 renderer and the soundscape mount here).
document.body.dataset.page = 'display';
