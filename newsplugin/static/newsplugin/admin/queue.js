// newsplugin: the moderation queue from the keyboard, and decisions without a page load.
// j/k move between comments, a/r/s approve, reject or mark as spam, x selects,
// u undoes the last decision made on this page, ? lists the keys. Without this
// script every button is an ordinary form post and the queue works the same.
(function () {
  "use strict";

  var queue = document.querySelector("[data-np-queue]");
  var form = document.getElementById("np-queue-form");
  if (!queue || !form) {
    return;
  }
  var status = queue.querySelector("[data-np-status]");
  var help = queue.querySelector("[data-np-help]");
  var undoUrl = queue.dataset.undoUrl;
  // Not form.action: the form has a field named "action", which hides that property.
  var actionUrl = form.getAttribute("action");
  var keys = { a: "approve", r: "reject", s: "spam" };
  var history = []; // [{uuid, rows: [{row, next}]}], newest last
  var current = null;

  function csrfToken() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-np-comment]"));
  }

  function focusRow(row) {
    if (current) {
      current.classList.remove("np-queue__row--current");
    }
    current = row || null;
    if (current) {
      current.classList.add("np-queue__row--current");
      current.focus({ preventScroll: true });
      current.scrollIntoView({ block: "nearest" });
    }
  }

  function move(step) {
    if (current && !current.isConnected) {
      current = null; // Wagtail reloaded the results (a search, a filter)
    }
    var list = rows();
    if (!list.length) {
      return;
    }
    var index = list.indexOf(current);
    index = index < 0 ? 0 : Math.min(list.length - 1, Math.max(0, index + step));
    focusRow(list[index]);
  }

  function say(message, undoable) {
    status.hidden = false;
    status.textContent = "";
    var text = document.createElement("span");
    text.textContent = message;
    status.appendChild(text);
    if (undoable) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button-small button-secondary";
      button.dataset.npUndo = "";
      button.textContent = status.dataset.undoLabel || "Undo";
      button.addEventListener("click", undoLast);
      status.appendChild(document.createTextNode(" "));
      status.appendChild(button);
    }
  }

  function updateCounts(counts) {
    Object.keys(counts || {}).forEach(function (value) {
      var count = queue.querySelector('[data-status="' + value + '"] .np-queue__count');
      if (count) {
        count.textContent = counts[value];
      }
    });
  }

  function post(url, data) {
    var body = new URLSearchParams();
    Object.keys(data).forEach(function (name) {
      [].concat(data[name]).forEach(function (value) {
        body.append(name, value);
      });
    });
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
      body: body,
    }).then(function (response) {
      return response.json().then(function (json) {
        json.httpStatus = response.status;
        return json;
      });
    });
  }

  function reason() {
    var select = form.querySelector("select[name=reason]");
    return select ? select.value : "";
  }

  // The decided rows leave the list (kept, to come back on undo); focus moves on.
  function removeRows(decided) {
    var list = rows();
    var removed = [];
    var after = null;
    decided.forEach(function (row) {
      var index = list.indexOf(row);
      after = list.slice(index + 1).filter(function (r) {
        return decided.indexOf(r) < 0;
      })[0] || after;
      removed.push({ row: row, parent: row.parentNode, next: row.nextElementSibling });
    });
    if (!after) {
      var left = list.filter(function (r) { return decided.indexOf(r) < 0; });
      after = left[left.length - 1] || null;
    }
    removed.forEach(function (item) {
      var box = item.row.querySelector("input[name=ids]");
      if (box) {
        box.checked = false;
      }
      item.row.remove();
    });
    focusRow(after);
    return removed;
  }

  function decide(action, decided, data) {
    if (!decided.length) {
      return;
    }
    post(actionUrl, data).then(function (json) {
      if (!json.ok) {
        say(json.message, false);
        return;
      }
      updateCounts(json.counts);
      var removed = removeRows(decided);
      if (json.undo) {
        history.push({ uuid: json.undo, rows: removed });
      }
      say(json.message, Boolean(json.undo));
    }).catch(function () {
      form.submit();
    });
  }

  function decideOne(action, row) {
    if (!row || !row.querySelector('[data-np-action="' + action + '"]')) {
      return;
    }
    var data = { single: action + ":" + row.dataset.npComment };
    if (reason()) {
      data.reason = reason();
    }
    decide(action, [row], data);
  }

  function undoLast() {
    var last = history.pop();
    if (!last) {
      return;
    }
    post(undoUrl, { uuid: last.uuid }).then(function (json) {
      say(json.message, false);
      if (!json.ok) {
        return;
      }
      updateCounts(json.counts);
      last.rows.slice().reverse().forEach(function (item) {
        if (item.next && item.next.parentNode === item.parent) {
          item.parent.insertBefore(item.row, item.next);
        } else {
          item.parent.appendChild(item.row);
        }
      });
      focusRow(last.rows[0].row);
    });
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      return;
    }
    if (help && help.open && event.key !== "?") {
      return;
    }
    var key = event.key;
    if (key === "j" || key === "k") {
      move(key === "j" ? 1 : -1);
    } else if (keys[key]) {
      if (current && current.isConnected) {
        decideOne(keys[key], current);
      }
    } else if (key === "x" && current) {
      var box = current.querySelector("input[name=ids]");
      if (box) {
        box.checked = !box.checked;
      }
    } else if (key === "u") {
      undoLast();
    } else if (key === "?") {
      if (help.open) {
        help.close();
      } else {
        help.showModal();
      }
    } else {
      return;
    }
    event.preventDefault();
  });

  // The row buttons and the bulk action, without a page load.
  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.getAttribute("formaction")) {
      return; // editor's pick and commenter rules: an ordinary post
    }
    event.preventDefault();
    if (submitter && submitter.name === "single") {
      var row = submitter.closest("[data-np-comment]");
      focusRow(row);
      decideOne(submitter.dataset.npAction, row);
      return;
    }
    var action = form.querySelector("select[name=action]").value;
    var ticked = rows().filter(function (row) {
      var box = row.querySelector("input[name=ids]");
      return box && box.checked;
    });
    if (!action || !ticked.length) {
      // The server's message says what is missing.
      post(actionUrl, { action: action, ids: [] }).then(function (json) {
        say(json.message, false);
      });
      return;
    }
    var data = {
      action: action,
      ids: ticked.map(function (row) { return row.dataset.npComment; }),
    };
    if (reason()) {
      data.reason = reason();
    }
    decide(action, ticked, data);
  });

  var all = form.querySelector("[data-np-select-all]");
  if (all) {
    all.addEventListener("change", function () {
      rows().forEach(function (row) {
        var box = row.querySelector("input[name=ids]");
        if (box) {
          box.checked = all.checked;
        }
      });
    });
  }

  // A decision made without the script (the page's own Undo form) stays as it is.
  var helpButton = queue.querySelector("[data-np-help-open]");
  if (helpButton && help) {
    helpButton.hidden = false;
    helpButton.addEventListener("click", function () {
      help.showModal();
    });
  }
  status.dataset.undoLabel = queue.dataset.undoLabel || "Undo";
  rows().forEach(function (row) {
    row.addEventListener("click", function (event) {
      if (!event.target.closest("a, button, input, summary, select")) {
        focusRow(row);
      }
    });
  });
  focusRow(rows()[0]);
})();
