// The task page's progress: ask the server for the job's state every second, and show it in place, until it ends.
(function () {
  var box = document.getElementById("job");
  if (!box || box.dataset.finished === "true") return;
  var bar = document.getElementById("job-progress");

  function list(lines) {
    var ul = document.createElement("ul");
    ul.className = "nhsuk-list nhsuk-list--bullet";
    lines.forEach(function (line) {
      var li = document.createElement("li");
      li.textContent = line;
      ul.appendChild(li);
    });
    return ul;
  }

  function show(job) {
    document.getElementById("job-status").textContent = job.status_label;
    document.getElementById("job-step").textContent = job.step;
    bar.max = Math.max(job.total, 1);
    bar.value = job.done;
    if (job.result.length) document.getElementById("job-result").replaceChildren(list(job.result));
    if (job.error) {
      var p = document.createElement("p");
      p.className = "nhsuk-error-message";
      p.textContent = job.error;
      document.getElementById("job-error").replaceChildren(p);
    }
    document.getElementById("job-retry").hidden = !(job.status === "failed" || job.status === "interrupted");
    box.dataset.finished = job.finished ? "true" : "false";
  }

  function poll() {
    fetch(box.dataset.progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        show(job);
        if (!job.finished) setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
