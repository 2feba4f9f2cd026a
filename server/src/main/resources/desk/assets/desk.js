// Parley web desk: small behaviour that htmx does not cover. No inline script anywhere (the
// Content-Security-Policy forbids it): pages opt in with data-* attributes. One section per
// concern; add yours in your screen's section.
(function () {
  "use strict";

  // --- layout ---
  // after an htmx swap that replaced the main content, move focus there for screen readers
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail && event.detail.target && event.detail.target.id === "main") {
      event.detail.target.focus();
    }
  });

  // --- conversation ---
  // The CSRF token for htmx requests and uploads: from the page's data-csrf (forms carry _csrf).
  function csrfToken() {
    var holder = document.querySelector("[data-csrf]");
    var field = document.querySelector("input[name=_csrf]");
    return holder ? holder.getAttribute("data-csrf") : (field ? field.value : "");
  }
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrfToken();
  });

  // The event stream's state, quietly: "reconnecting…" while it is down.
  document.addEventListener("htmx:sseError", function () {
    var p = document.querySelector("[data-connection]");
    if (p) { p.textContent = document.documentElement.lang === "de" ? "Verbindung wird wiederhergestellt…" : "Reconnecting…"; }
  });
  document.addEventListener("htmx:sseOpen", function () {
    var p = document.querySelector("[data-connection]");
    if (p) { p.textContent = ""; }
  });

  // Reply or internal note: the composer tints and its button says which it does.
  document.addEventListener("change", function (event) {
    var radio = event.target;
    if (!radio.matches || !radio.matches("[data-composer] input[name=internal]")) { return; }
    var form = radio.form;
    var note = radio.value === "1" && radio.checked;
    form.classList.toggle("composer--note", note);
    var button = form.querySelector("[data-send-reply]");
    if (button) {
      var de = document.documentElement.lang === "de";
      button.textContent = note ? (de ? "Interne Notiz hinzufügen" : "Add internal note") : (de ? "An Kunden senden" : "Send to customer");
    }
  });

  function words(key, name, extra) {
    var de = document.documentElement.lang === "de";
    var t = {
      tooLarge: de ? name + ": zu groß (höchstens " + extra + " MB)" : name + ": too large (at most " + extra + " MB)",
      type: de ? name + ": dieser Dateityp wird nicht angenommen" : name + ": this file type is not accepted",
      name: de ? name + ": der Name ist zu lang" : name + ": the name is too long",
      failed: de ? name + ": Hochladen fehlgeschlagen" : name + ": upload failed"
    };
    return t[key];
  }

  // The upload rules the form carries; null when the file may be sent, else why not.
  function refusal(form, file) {
    var max = Number(form.getAttribute("data-max-bytes"));
    var exts = (form.getAttribute("data-extensions") || "").split(",").filter(Boolean);
    var maxName = Number(form.getAttribute("data-max-name")) || 10000;
    var lower = file.name.toLowerCase();
    if (file.size > max) { return words("tooLarge", file.name, Math.floor(max / 1048576)); }
    if (exts.length && !exts.some(function (e) { return lower.endsWith(e.charAt(0) === "." ? e : "." + e); })) {
      return words("type", file.name);
    }
    if (file.name.length > maxName) { return words("name", file.name); }
    return null;
  }

  // Files picked or dropped, listed with their progress; refused ones are listed with the reason.
  function pending(form) {
    if (!form._files) { form._files = []; }
    return form._files;
  }
  function addFiles(form, list) {
    var ul = form.querySelector("[data-upload-list]");
    Array.prototype.forEach.call(list, function (file) {
      var li = document.createElement("li");
      var why = refusal(form, file);
      if (why) {
        li.className = "upload upload--refused";
        li.textContent = why;
      } else {
        li.className = "upload";
        var name = document.createElement("span");
        name.textContent = file.name;
        var bar = document.createElement("progress");
        bar.max = 100; bar.value = 0;
        bar.setAttribute("aria-label", file.name);
        li.appendChild(name); li.appendChild(bar);
        pending(form).push({ file: file, bar: bar, li: li });
      }
      ul.appendChild(li);
    });
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches("input[data-files]")) {
      addFiles(input.form, input.files);
      input.value = "";
    }
  });
  document.addEventListener("dragover", function (event) {
    var zone = event.target.closest && event.target.closest("[data-dropzone]");
    if (zone) { event.preventDefault(); zone.classList.add("dropzone--over"); }
  });
  document.addEventListener("dragleave", function (event) {
    var zone = event.target.closest && event.target.closest("[data-dropzone]");
    if (zone) { zone.classList.remove("dropzone--over"); }
  });
  document.addEventListener("drop", function (event) {
    var zone = event.target.closest && event.target.closest("[data-dropzone]");
    if (!zone) { return; }
    event.preventDefault();
    zone.classList.remove("dropzone--over");
    addFiles(zone.closest("form"), event.dataTransfer.files);
  });

  // One file through the desk's upload route (an upload token and /v2/files behind it), with progress.
  function uploadOne(conversationId, item) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/conversations/uploads?conversationId=" + encodeURIComponent(conversationId));
      xhr.setRequestHeader("X-CSRF-Token", csrfToken());
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (e) { if (e.lengthComputable) { item.bar.value = Math.round(100 * e.loaded / e.total); } };
      xhr.onload = function () {
        if (xhr.status === 201) { item.bar.value = 100; resolve(JSON.parse(xhr.responseText).id); return; }
        var message = words("failed", item.file.name);
        try { message = item.file.name + ": " + JSON.parse(xhr.responseText).message; } catch (ignored) { /* keep */ }
        item.li.className = "upload upload--refused";
        item.li.textContent = message;
        reject(new Error(message));
      };
      xhr.onerror = function () { reject(new Error(words("failed", item.file.name))); };
      var data = new FormData();
      data.append("file", item.file, item.file.name);
      xhr.send(data);
    });
  }
  function uploadAll(conversationId, form) {
    return pending(form).reduce(function (chain, item) {
      return chain.then(function (ids) { return uploadOne(conversationId, item).then(function (id) { return ids.concat([id]); }); });
    }, Promise.resolve([]));
  }
  function post(url, params) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRF-Token": csrfToken(), "Content-Type": "application/x-www-form-urlencoded" },
      body: params
    });
  }
  function showError(form, message) {
    var box = form.querySelector("[data-form-error]");
    if (!box) {
      box = document.createElement("p");
      box.className = "alert alert--error";
      box.setAttribute("role", "alert");
      box.setAttribute("data-form-error", "");
      form.insertBefore(box, form.firstChild);
    }
    box.textContent = message;
  }
  function errorText(response) {
    return response.json().then(function (body) {
      var parts = (body.validationErrors || []).map(function (v) { return v.message; });
      return parts.length ? parts.join("; ") : body.message;
    }, function () { return "HTTP " + response.status; });
  }

  // With files, a message goes in three steps: (the conversation), the uploads, the message with their ids.
  function sendMessage(conversationId, form, internal) {
    return uploadAll(conversationId, form).then(function (ids) {
      var params = new URLSearchParams();
      params.append("messageContent", (form.querySelector("textarea[name=messageContent]") || {}).value || "");
      params.append("internal", internal ? "1" : "0");
      ids.forEach(function (id) { params.append("fileIds", id); });
      return post("/conversations/" + encodeURIComponent(conversationId) + "/messages", params);
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("[data-composer]") && pending(form).length) {
      event.preventDefault();
      var note = form.querySelector("input[name=internal][value='1']");
      sendMessage(form.getAttribute("data-conversation-id"), form, note && note.checked).then(function (response) {
        if (response.ok) { window.location.reload(); } else { return errorText(response).then(function (m) { showError(form, m); }); }
      }).catch(function (e) { showError(form, e.message); });
    } else if (form.matches("[data-new-conversation]") && pending(form).length) {
      event.preventDefault();
      var params = new URLSearchParams(new FormData(form));
      params.append("draft", "1");
      post("/conversations", params).then(function (response) {
        if (!response.ok) { return errorText(response).then(function (m) { showError(form, m); }); }
        return response.json().then(function (created) {
          return sendMessage(created.conversationId, form, false).then(function () {
            window.location.assign(created.location);
          });
        });
      }).catch(function (e) { showError(form, e.message); });
    }
  });

  // --- staff queue ---
  // j/k move between the queue's rows (also the compact list), Enter opens the selected one
  // (its link has the focus), "/" focuses the search, "?" shows the shortcuts. Never while typing.
  var queueSelected = -1;
  function typing(el) {
    if (!el) { return false; }
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }
  function queueRows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-queue-rows] [data-queue-row]"));
  }
  function selectRow(index) {
    var rows = queueRows();
    if (rows.length === 0) { return; }
    index = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (row, i) {
      if (i === index) { row.setAttribute("aria-current", "true"); } else { row.removeAttribute("aria-current"); }
    });
    queueSelected = index;
    var link = rows[index].querySelector("a");
    if (link) { link.focus(); }
  }
  document.addEventListener("keydown", function (event) {
    if (!document.querySelector("[data-queue]") || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (typing(event.target)) { return; }
    var dialog = document.getElementById("queue-help");
    if (dialog && dialog.open) { return; }
    if (event.key === "j" || event.key === "k") {
      var current = queueRows().indexOf(document.activeElement && document.activeElement.closest("[data-queue-row]"));
      var from = current >= 0 ? current : queueSelected;
      selectRow(event.key === "j" ? from + 1 : (from < 0 ? 0 : from - 1));
      event.preventDefault();
    } else if (event.key === "/") {
      var search = document.querySelector("[data-queue-search]");
      if (search) { search.focus(); event.preventDefault(); }
    } else if (event.key === "?") {
      if (dialog && dialog.showModal) { dialog.showModal(); event.preventDefault(); }
    }
  });
  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-queue-help-open]");
    var dialog = document.getElementById("queue-help");
    if (opener && dialog && dialog.showModal) { dialog.showModal(); }
  });
  // the live refresh replaced the rows: keep the selection where it was
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail && event.detail.target && event.detail.target.id === "queue-results" && queueSelected >= 0) {
      var rows = queueRows();
      var index = Math.min(queueSelected, rows.length - 1);
      if (index >= 0) { rows[index].setAttribute("aria-current", "true"); }
    }
  });
})();
