// newsplugin: report a comment without leaving the (cached) article page. The
// page carries one report form for every comment and no token; this opens it for
// the comment whose "Report" link was pressed, fetches this reader's token and
// posts the report. Without the script each link opens the report page instead.
(function () {
  "use strict";

  var dialog = document.querySelector("[data-np-report-dialog]");
  if (!dialog || !dialog.showModal || !window.fetch) {
    return;
  }
  var form = dialog.querySelector("form");
  var message = dialog.querySelector("[data-np-report-message]");
  var send = form.querySelector("button[type=submit]");

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-np-report]");
    if (!link) {
      return;
    }
    event.preventDefault();
    form.reset();
    form.elements.comment.value = link.dataset.npReport;
    message.textContent = "";
    send.hidden = false;
    dialog.showModal();
  });

  dialog.querySelector("[data-np-report-close]").addEventListener("click", function () {
    dialog.close();
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send.disabled = true;
    fetch(form.dataset.reportTokenUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (token) {
        var body = new FormData(form);
        body.set("csrfmiddlewaretoken", token.csrfmiddlewaretoken);
        return fetch(form.action, {
          method: "POST",
          credentials: "same-origin",
          headers: { Accept: "application/json" },
          body: body,
        });
      })
      .then(function (response) {
        return response.json();
      })
      .then(function (answer) {
        message.textContent = answer.message;
        if (answer.ok) {
          send.hidden = true;
        }
      })
      .catch(function () {
        form.submit(); // the report page says what happened
      })
      .then(function () {
        send.disabled = false;
      });
  });
})();
