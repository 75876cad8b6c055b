/* Farm records with no signal. The record form's page is kept by a service
   worker; a record written offline waits on the phone (IndexedDB, photo
   included) under "Chờ gửi" and is sent when the phone is online again. Each
   record carries an id made here, so a record sent twice is stored once. */
(function () {
  "use strict";
  var form = document.querySelector("form.record-form");
  if (!form || !window.indexedDB) {
    return;
  }
  var pending = document.getElementById("pending-records");
  var DB_NAME = "ocop-farm-records";
  var STORE = "pending";
  var CACHE = "ocop-farm-records-v1";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "clientId" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, action) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var request = action(transaction.objectStore(STORE));
        transaction.oncomplete = function () { resolve(request.result); };
        transaction.onerror = function () { reject(transaction.error); };
      });
    });
  }

  function waiting() {
    return withStore("readonly", function (store) { return store.getAll(); })
      .then(function (records) {
        return records.filter(function (r) { return r.url === location.pathname; });
      });
  }

  function keep(record) {
    return withStore("readwrite", function (store) { return store.put(record); });
  }

  function forget(clientId) {
    return withStore("readwrite", function (store) { return store.delete(clientId); });
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 15) | 64;
    bytes[8] = (bytes[8] & 63) | 128;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16),
      hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function describe(data) {
    var kind = form.querySelector("input[name=kind]:checked");
    var label = kind && kind.closest("label") ? kind.closest("label").textContent.trim() : "";
    var when = (data.get("occurred_at") || "").replace("T", " ");
    var note = data.get("note") || "";
    return [label, when, note].filter(Boolean).join(" — ");
  }

  function render() {
    return waiting().then(function (records) {
      pending.hidden = records.length === 0;
      var list = pending.querySelector("ul");
      list.textContent = "";
      records.forEach(function (record) {
        var item = document.createElement("li");
        item.className = "pending-record";
        item.textContent = pending.dataset.label + ": " + record.label;
        if (record.error) {
          var problem = document.createElement("div");
          problem.className = "text-danger";
          problem.textContent = record.error;
          item.appendChild(problem);
        }
        list.appendChild(item);
      });
    });
  }

  function send(record) {
    var data = new FormData();
    record.fields.forEach(function (field) { data.append(field[0], field[1]); });
    return fetch(record.url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      if (response.status === 201) {
        return forget(record.clientId).then(function () { return true; });
      }
      if (response.status === 400 || response.status === 409) {
        return response.json().then(function (body) {
          record.error = Object.keys(body.errors || {}).map(function (name) {
            return body.errors[name].join(" ");
          }).join(" ");
          return keep(record).then(function () { return false; });
        });
      }
      return false; // signed out or server trouble: it stays for the next try
    }, function () { return false; }); // still no signal
  }

  var sending = false;
  function sendWaiting() {
    if (sending || !navigator.onLine) {
      return Promise.resolve();
    }
    sending = true;
    var sentAny = false;
    return waiting().then(function (records) {
      return records.filter(function (r) { return !r.error; }).reduce(function (chain, record) {
        return chain.then(function () {
          return send(record).then(function (sent) { sentAny = sentAny || sent; });
        });
      }, Promise.resolve());
    }).then(function () {
      sending = false;
      if (sentAny) {
        location.reload(); // the timeline now holds them
      }
      return render();
    }, function () { sending = false; });
  }

  form.addEventListener("submit", function (event) {
    var clientId = newId();
    form.querySelector("input[name=client_id]").value = clientId;
    if (navigator.onLine) {
      return; // an ordinary post; the id still makes a double tap harmless
    }
    event.preventDefault();
    var data = new FormData(form);
    var record = {
      clientId: clientId,
      url: location.pathname,
      fields: Array.from(data.entries()),
      label: describe(data),
      savedAt: new Date().toISOString()
    };
    keep(record).then(function () {
      form.reset();
      return render();
    });
  });

  window.addEventListener("online", sendWaiting);

  function keepPageForOffline() {
    var urls = [location.href];
    document.querySelectorAll("script[src], link[rel=stylesheet][href]").forEach(function (el) {
      var url = new URL(el.src || el.href, location.href);
      if (url.origin === location.origin) {
        urls.push(url.href);
      }
    });
    return caches.open(CACHE).then(function (cache) {
      return Promise.all(urls.map(function (url) {
        return cache.add(url).catch(function () { return null; });
      }));
    });
  }

  var ready = Promise.resolve();
  if ("serviceWorker" in navigator && window.caches && navigator.onLine) {
    ready = navigator.serviceWorker
      .register(form.dataset.serviceWorker, { scope: form.dataset.scope })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(keepPageForOffline)
      .catch(function () { return null; });
  }
  Promise.all([ready, render()]).then(function () {
    document.documentElement.dataset.offlineReady = "1";
    return sendWaiting();
  });
}());
