// Draw each Plotly chart from the JSON specification the server put beside it.
document.querySelectorAll("[data-chart]").forEach(function (el) {
  var spec = JSON.parse(document.getElementById(el.dataset.chart).textContent);
  Plotly.newPlot(el, spec.data, spec.layout, { responsive: true, displayModeBar: false });
});
