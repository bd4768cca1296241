// The dashboard's charts. Data comes from the page's JSON (no inline script); a
// click on any bar or slice opens the records behind it.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var locale = document.documentElement.lang === "en" ? "EN" : "ZH";
  var palette = ["#b3191f", "#e07b39", "#2f7d6d", "#3a6ea5", "#8c6bb1", "#c9a227", "#6c757d"];
  var charts = [];

  function make(id, option, urlOf) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var chart = window.echarts.init(el, null, { renderer: "canvas", locale: locale });
    option.color = palette;
    option.animation = false;
    chart.setOption(option);
    chart.on("click", function (params) {
      var url = urlOf(params);
      if (url) { window.location.href = url; }
    });
    charts.push(chart);
  }

  // Tooltips are drawn on the canvas (richText): ECharts' HTML tooltips carry style
  // attributes, which the Content-Security-Policy refuses.
  make("chart-trend", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText" },
    legend: { top: 0 },
    grid: { left: 36, right: 12, top: 36, bottom: 24 },
    xAxis: { type: "category", data: data.months.map(function (m) { return m + (locale === "ZH" ? "月" : ""); }) },
    yAxis: { type: "value", minInterval: 1 },
    series: data.trend.map(function (kind) {
      return { name: kind.name, type: "bar", stack: "kinds", data: kind.data, emphasis: { focus: "series" } };
    })
  }, function (params) { return data.trend[params.seriesIndex].urls[params.dataIndex]; });

  make("chart-units", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, renderMode: "richText" },
    grid: { left: 80, right: 24, top: 8, bottom: 24 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: data.units.map(function (u) { return u.name; }) },
    series: [{ type: "bar", data: data.units.map(function (u) { return u.value; }), label: { show: true, position: "right" } }]
  }, function (params) { return data.units[params.dataIndex].url; });

  function pie(id, slices) {
    var el = document.getElementById(id);
    var roomy = el && el.clientWidth > 480;  // on a phone the legend names the slices
    make(id, {
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)", renderMode: "richText" },
      legend: { bottom: 0, type: "scroll" },
      series: [{
        type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"],
        label: { show: roomy, formatter: "{b}\n{c}" },
        data: slices.map(function (s) { return { name: s.name, value: s.value }; })
      }]
    }, function (params) { return slices[params.dataIndex].url; });
  }
  pie("chart-levels", data.levels);
  pie("chart-channels", data.channels);

  // Progress bars get their width from data, not inline styles (a strict CSP forbids those).
  document.querySelectorAll(".progress-bar[data-width]").forEach(function (bar) {
    bar.style.width = Math.min(100, parseInt(bar.getAttribute("data-width"), 10)) + "%";
  });

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });

  // The office's wall screen: no header, larger type, full screen.
  var toggle = document.querySelector("[data-wall-toggle]");
  if (toggle) {
    toggle.addEventListener("click", function () {
      document.body.classList.toggle("wall");
      if (document.body.classList.contains("wall") && document.documentElement.requestFullscreen) {
        document.documentElement.requestFullscreen().catch(function () {});
      } else if (document.fullscreenElement) {
        document.exitFullscreen();
      }
      window.setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 200);
    });
  }
})();
