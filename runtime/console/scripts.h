// scripts.h — the console's only JavaScript, inlined under the response's CSP nonce. It never
// builds HTML from data: every text from the node goes in through textContent.
#pragma once

#include <string_view>

namespace twinsync::console {

/// The rule editor: a debounced POST of the draft to the lint endpoint (with the page's CSRF
/// token in X-CSRF-Token), then the diagnostics listed and their lines marked in the gutter;
/// a diagnostic's button puts the cursor at its line and column.
constexpr std::string_view kLintScript = R"js(
(function () {
  'use strict';
  var form = document.getElementById('rules-form');
  if (!form) return;
  var text = document.getElementById('rules-text');
  var gutter = document.getElementById('gutter');
  var list = document.getElementById('diagnostics');
  var status = document.getElementById('lint-status');
  var csrf = form.querySelector('input[name="csrf"]').value;
  var url = form.getAttribute('data-lint');
  var timer = null;
  var asked = 0;

  function goTo(line, column) {
    var lines = text.value.split('\n');
    var at = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) at += lines[i].length + 1;
    at += Math.max(0, column - 1);
    text.focus();
    text.setSelectionRange(at, at);
    // Scroll so that the line shows, a few lines below the top.
    var height = parseFloat(getComputedStyle(text).lineHeight) || 20;
    text.scrollTop = Math.max(0, (line - 4) * height);
    gutter.scrollTop = text.scrollTop;
  }
  function drawGutter(marks) {
    var count = text.value.split('\n').length;
    gutter.textContent = '';
    for (var i = 1; i <= count; i++) {
      var s = document.createElement('span');
      s.textContent = String(i);
      if (marks[i]) s.className = 'has-' + marks[i];
      gutter.appendChild(s);
    }
    gutter.scrollTop = text.scrollTop;
  }
  function show(diagnostics) {
    var marks = {};
    var errors = 0;
    list.textContent = '';
    diagnostics.forEach(function (d) {
      var li = document.createElement('li');
      li.setAttribute('data-line', String(d.line));
      li.className = d.severity;
      var b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('data-line', String(d.line));
      b.setAttribute('data-column', String(d.column));
      b.textContent = 'Line ' + d.line + ', column ' + d.column;
      li.appendChild(b);
      li.appendChild(document.createTextNode(' ' + d.severity + ' ' + d.code + ': ' + d.message + (d.help ? ' (' + d.help + ')' : '')));
      list.appendChild(li);
      if (d.severity === 'error') { errors++; marks[d.line] = 'error'; }
      else if (!marks[d.line]) marks[d.line] = 'warning';
    });
    drawGutter(marks);
    status.textContent = diagnostics.length === 0 ? 'No problems found.'
      : errors + ' error(s), ' + (diagnostics.length - errors) + ' warning(s).';
  }
  function lint() {
    var mine = ++asked;
    status.textContent = 'Checking…';
    fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf},
      body: JSON.stringify({text: text.value})
    }).then(function (r) {
      if (r.status === 401) { status.textContent = 'Your session has ended: log in again.'; return null; }
      return r.json();
    }).then(function (j) {
      if (!j || mine !== asked) return;
      if (j.error) { status.textContent = j.error; return; }
      show(j.diagnostics);
    }).catch(function () {
      if (mine === asked) status.textContent = 'The node could not be reached to check the draft.';
    });
  }
  text.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(lint, 400);
    drawGutter({});
  });
  text.addEventListener('scroll', function () { gutter.scrollTop = text.scrollTop; });
  list.addEventListener('click', function (e) {
    var b = e.target.closest('button[data-line]');
    if (b) goTo(Number(b.getAttribute('data-line')), Number(b.getAttribute('data-column')));
  });
})();
)js";

/// The bulk run's page: polls the job every half second until it has finished.
constexpr std::string_view kJobScript = R"js(
(function () {
  'use strict';
  var box = document.getElementById('job');
  if (!box) return;
  var bar = document.getElementById('bulk-progress');
  var count = document.getElementById('bulk-count');
  var state = document.getElementById('bulk-state');
  function poll() {
    fetch(box.getAttribute('data-job'), {credentials: 'same-origin'}).then(function (r) {
      if (r.status === 401) { state.textContent = 'Your session has ended: log in again.'; return null; }
      return r.json();
    }).then(function (j) {
      if (!j) return;
      bar.max = Math.max(j.total, 1);
      bar.value = j.done;
      bar.textContent = String(j.done);
      count.textContent = j.done + ' of ' + j.total + ' issues queued';
      if (j.finished) {
        state.textContent = j.error ? 'Failed: ' + j.error : 'Finished.';
        box.setAttribute('data-finished', 'true');
      } else {
        setTimeout(poll, 500);
      }
    }).catch(function () { state.textContent = 'The node could not be reached.'; });
  }
  if (box.getAttribute('data-finished') !== 'true') poll();
})();
)js";

}  // namespace twinsync::console
