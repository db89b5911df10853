// newsplugin: give a cached article page's reply form this reader's anti-forgery
// values. The page is shared by every reader, so it carries no CSRF token; this
// fetches one (and a fresh timestamp) when the reader first touches the form,
// and fills in the name, email and website a returning reader asked this browser
// to save (the server reads them from an HttpOnly cookie; the page never has them).
(function () {
  "use strict";

  function setHidden(form, name, value) {
    var input = form.querySelector('input[name="' + name + '"]');
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      form.appendChild(input);
    }
    input.value = value;
  }

  function fillIn(form, saved) {
    ["name", "email", "url"].forEach(function (name) {
      var input = form.querySelector('[name="' + name + '"]');
      if (input && !input.value && saved[name]) {
        input.value = saved[name];
      }
    });
    var remember = form.querySelector('input[name="remember"]');
    if (remember) {
      remember.checked = true;
    }
  }

  function prepare(form) {
    var ready = null;

    function fetchToken() {
      if (!ready) {
        ready = fetch(form.dataset.tokenUrl, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            if (!response.ok) {
              throw new Error("token " + response.status);
            }
            return response.json();
          })
          .then(function (values) {
            Object.keys(values).forEach(function (name) {
              if (name === "commenter") {
                fillIn(form, values.commenter);
              } else {
                setHidden(form, name, values[name]);
              }
            });
          })
          .catch(function () {
            // Without a token the server hands the comment back to be sent again.
            ready = null;
          });
      }
      return ready || Promise.resolve();
    }

    form.addEventListener("focusin", fetchToken);
    form.addEventListener("submit", function (event) {
      if (form.dataset.tokenReady === "yes") {
        return;
      }
      event.preventDefault();
      var submitter = event.submitter;
      fetchToken().then(function () {
        form.dataset.tokenReady = "yes";
        // Later, not in this event's dispatch: a form that is still firing its
        // submit event ignores requestSubmit().
        setTimeout(function () {
          if (form.requestSubmit) {
            form.requestSubmit(submitter || undefined);
          } else {
            form.submit();
          }
        }, 0);
      });
    });
  }

  document.querySelectorAll("form[data-token-url]").forEach(prepare);
})();
