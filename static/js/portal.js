/* Progressive enhancement for the portal; every page works without it.
   - shows a deadline in the visitor's own time zone next to Geneva time;
   - checks file count and size before anything is uploaded (the server checks again);
   - moves focus to the error summary so screen-reader and keyboard users find it. */
(function () {
  "use strict";
  var lang = document.documentElement.lang || "en";

  function showLocalDeadlines() {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    document.querySelectorAll(".local-time[data-deadline]").forEach(function (el) {
      var when = new Date(el.getAttribute("data-deadline"));
      if (isNaN(when.getTime())) { return; }
      var text = new Intl.DateTimeFormat(lang, {
        year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit",
        hourCycle: "h23", timeZoneName: "short"
      }).format(when);
      var time = document.createElement("time");
      time.setAttribute("datetime", when.toISOString());
      time.textContent = text;
      el.textContent = el.getAttribute("data-label") + " ";
      el.appendChild(time);
      var zoneName = document.createElement("bdi");
      zoneName.textContent = zone;
      el.appendChild(document.createTextNode(" ("));
      el.appendChild(zoneName);
      el.appendChild(document.createTextNode(")"));
      el.hidden = false;
    });
  }

  function formatSize(bytes) {
    var mb = bytes / (1024 * 1024);
    return new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(mb) + " MB";
  }

  function fileProblems(input) {
    var problems = [];
    var maxFiles = parseInt(input.getAttribute("data-max-files"), 10);
    var maxBytes = parseInt(input.getAttribute("data-max-bytes"), 10);
    var files = input.files || [];
    if (!isNaN(maxFiles) && files.length > maxFiles) {
      problems.push(input.getAttribute("data-msg-too-many"));
    }
    for (var i = 0; i < files.length; i++) {
      if (!isNaN(maxBytes) && files[i].size > maxBytes) {
        problems.push(input.getAttribute("data-msg-too-big")
          .replace("{name}", files[i].name).replace("{size}", formatSize(files[i].size)));
      }
    }
    return problems;
  }

  function showFileProblems(input) {
    var id = input.id + "-client-error";
    var box = document.getElementById(id);
    var problems = fileProblems(input);
    if (!box) {
      box = document.createElement("div");
      box.id = id;
      box.className = "client-error";
      box.setAttribute("role", "alert");
      input.insertAdjacentElement("afterend", box);
      var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      if (described.indexOf(id) < 0) { described.unshift(id); }
      input.setAttribute("aria-describedby", described.join(" "));
    }
    box.textContent = problems.join(" ");
    box.hidden = problems.length === 0;
    input.classList.toggle("is-invalid", problems.length > 0);
    input.setAttribute("aria-invalid", problems.length > 0 ? "true" : "false");
    return problems.length === 0;
  }

  function checkFiles() {
    document.querySelectorAll("form[data-client-check]").forEach(function (form) {
      var inputs = form.querySelectorAll("input[type=file][data-max-bytes]");
      inputs.forEach(function (input) {
        input.addEventListener("change", function () { showFileProblems(input); });
      });
      form.addEventListener("submit", function (event) {
        for (var i = 0; i < inputs.length; i++) {
          if (!showFileProblems(inputs[i])) {
            event.preventDefault();
            inputs[i].focus();
            return;
          }
        }
      });
    });
  }

  function focusErrorSummary() {
    document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (target) {
          event.preventDefault();
          target.scrollIntoView({ block: "center" });
          target.focus();
        }
      });
    });
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    showLocalDeadlines();
    checkFiles();
    focusErrorSummary();
  });
}());
