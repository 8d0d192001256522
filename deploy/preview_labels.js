// Loaded after plotly.js and components/frontend/label_room.js in the Chromium that kaleido
// drives to draw the link previews (deploy/build_previews.py): before plotly.js draws an image,
// the floating labels (the phase and resolution labels over the Timeline) are placed as a page
// places them at the image's size, moved to a free lane or left out, so that none covers another.
(function () {
  const toImage = Plotly.toImage;
  Plotly.toImage = function (figure, options) {
    if (!figure || !figure.layout || !figure.data) return toImage.call(Plotly, figure, options);
    const layout = Object.assign({}, figure.layout, { width: options.width, height: options.height });
    return placedLayout(Plotly, figure.data, layout).then((placed) =>
      toImage.call(Plotly, Object.assign({}, figure, { layout: placed }), options),
    );
  };
})();
