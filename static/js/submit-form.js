/* The submission form: what was typed survives a language switch, and Send works once.
   - every field except files is kept in sessionStorage (this tab only) while typing, and put
     back when the form comes back empty (the language switch reloads the page); cleared on send;
   - the Send button is disabled once the form is really sent (after portal.js's checks), so a
     double click sends one request; the server's one-time key covers Back-then-Send. */
(function () {
  "use strict";
  var SKIP = { csrfmiddlewaretoken: true, website: true, files: true };

  function storageKey(form) { return "rapporteur-form:" + form.getAttribute("data-keep-key"); }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SKIP[el.name] && el.type !== "file" && el.type !== "submit";
    });
  }

  function save(form) {
    var data = {};
    fields(form).forEach(function (el) {
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) { data[el.name] = el.value; }
      } else { data[el.name] = el.value; }
    });
    try { sessionStorage.setItem(storageKey(form), JSON.stringify(data)); } catch (e) { /* private mode */ }
  }

  function isEmpty(form) {
    return fields(form).every(function (el) {
      if (el.type === "hidden") { return true; }
      if (el.type === "radio" || el.type === "checkbox") { return !el.checked; }
      return !el.value;
    });
  }

  function restore(form) {
    var raw;
    try { raw = sessionStorage.getItem(storageKey(form)); } catch (e) { return; }
    if (!raw || !isEmpty(form)) { return; }
    var data;
    try { data = JSON.parse(raw); } catch (e) { return; }
    var restored = false;
    fields(form).forEach(function (el) {
      if (!(el.name in data)) { return; }
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = el.value === data[el.name];
      } else if (data[el.name]) {
        el.value = data[el.name];
      }
      restored = restored || (el.type !== "hidden" && !!data[el.name]);
    });
    if (restored) {
      var note = document.createElement("div");
      note.className = "alert alert-info form-restored";
      note.setAttribute("role", "status");
      note.textContent = form.getAttribute("data-msg-restored");
      form.insertAdjacentElement("beforebegin", note);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-keep-key]").forEach(function (form) {
      restore(form);
      form.addEventListener("input", function () { save(form); });
      form.addEventListener("change", function () { save(form); });
    });
    // The language switch is another form: keep the submission form's fields just before it goes.
    document.querySelectorAll("form.lang-switch").forEach(function (sw) {
      sw.addEventListener("submit", function () {
        document.querySelectorAll("form[data-keep-key]").forEach(save);
      });
      var select = sw.querySelector("select");
      if (select) { select.addEventListener("change", function () { document.querySelectorAll("form[data-keep-key]").forEach(save); }); }
    });
  });

  // Bubbling to the document: runs after the form's own checks, which may cancel the send.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-keep-key]") || event.defaultPrevented) { return; }
    if (form.getAttribute("data-sending") === "1") { event.preventDefault(); return; }
    form.setAttribute("data-sending", "1");
    try { sessionStorage.removeItem(storageKey(form)); } catch (e) { /* ignore */ }
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.setAttribute("aria-disabled", "true");
      button.classList.add("disabled");
      button.textContent = form.getAttribute("data-msg-sending");
    });
  });

  // Back to a page kept in the browser's memory: the button works again (the key stays the same).
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-keep-key]").forEach(function (form) {
      form.removeAttribute("data-sending");
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.removeAttribute("aria-disabled");
        button.classList.remove("disabled");
      });
    });
  });
}());
