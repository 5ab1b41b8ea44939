/// The step-through page's style sheet and script, inlined into every page (`HTMLPage`).
///
/// The script never parses data as markup: the state, notes and questions reach the page only as
/// `textContent`. A step changes the classes of the events between the old and the new step
/// (`done` up to the step, `cur` on its event), so stepping costs what it changes, not the
/// size of the diagram.
enum HTMLPageScript {
    static let css = #"""
    *{box-sizing:border-box}
    html,body{height:100%}
    body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1d1d1f;display:flex;flex-direction:column}
    header{padding:6px 12px 4px;border-bottom:1px solid #d8d8d8;background:#fafafa}
    h1{font-size:17px;margin:0}
    .sub{margin:2px 0 4px;color:#555;font-size:12px}
    nav{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
    nav form{display:flex;gap:4px;align-items:center;margin:0}
    #stepno{width:6em}
    #slider{flex:1;min-width:160px}
    button{font:inherit;padding:2px 8px;cursor:pointer}
    #cuts{margin:4px 0 0;font-size:12px;color:#444}
    #cuts label{margin-right:8px}
    main{flex:1;display:flex;min-height:0}
    #diagram{flex:1;overflow:auto;min-width:0}
    /* Its own layer as well: over the diagram's layer without one, it costs a frame a step. */
    #lanes{position:sticky;top:0;height:0;z-index:1;pointer-events:none;will-change:transform}
    #lanes span{position:absolute;top:0;transform:translateX(-50%);white-space:nowrap;font-size:11px;padding:1px 6px;background:#ffffffe6;border:1px solid #c8c8c8;border-top:0;border-radius:0 0 4px 4px}
    #lanes[hidden]{display:none}
    #panel{width:min(48em,46vw);overflow:auto;padding:8px 10px;border-left:1px solid #d8d8d8}
    #state{font:12px/1.35 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;margin:0 0 8px;padding:6px;background:#f6f8fa;border:1px solid #e1e4e8;overflow-x:auto}
    #note{background:#fff8dc;border-left:4px solid #d4a000;padding:6px 8px;margin:0 0 8px;white-space:pre-wrap}
    #note.past{opacity:.55}
    #note .from{display:block;font-size:11px;color:#6a5a00}
    #question{background:#eef5ff;border-left:4px solid #2f6fd0;padding:6px 8px;margin:0 0 8px}
    #question ol{margin:4px 0;padding-left:1.6em}
    #question li{margin:2px 0}
    #question button{text-align:left;width:100%}
    #question button.right{background:#d9f2d9;border-color:#2d8a2d}
    #question button.wrong{background:#f9dcdc;border-color:#b03030}
    #question .verdict{margin:4px 0 0;white-space:pre-wrap}
    #keys table{border-collapse:collapse;font-size:12px}
    #keys td{padding:1px 8px 1px 0;vertical-align:top}
    #keys td:first-child{font-family:ui-monospace,monospace;white-space:nowrap}
    #keys p{font-size:12px;color:#444}
    /* The diagram on its own layer, and later events dimmed by inherited fill and stroke
       opacity rather than by group opacity (painted off-screen for each of thousands of groups):
       a step then repaints in one frame at 10,000 events. Graphviz writes an opacity of its own
       for a translucent colour, which inheritance does not reach. */
    #diagram svg{will-change:transform}
    .ev{fill-opacity:.16;stroke-opacity:.16}
    .ev.done,.ev.cur{fill-opacity:1;stroke-opacity:1}
    .ev:not(.done):not(.cur)>[fill-opacity]{fill-opacity:.08}
    .ev:not(.done):not(.cur)>[stroke-opacity]{stroke-opacity:.08}
    #state>div{white-space:pre;min-height:1.35em}
    g.node.cur polygon,g.node.cur ellipse,g.node.cur path{stroke:#e6007e;stroke-width:3}
    g.edge.cur path{stroke:#e6007e;stroke-width:2.5}
    g.node.cur text,g.edge.cur text{font-weight:bold}
    """#

    static let js = #"""
    (function () {
    'use strict';
    var data = JSON.parse(document.getElementById('ckpt-data').textContent);
    var total = data.total;
    var $ = function (id) { return document.getElementById(id); };
    var stateBox = $('state'), noteBox = $('note'), questionBox = $('question');
    var stepBox = $('stepno'), slider = $('slider'), playButton = $('play'), speed = $('speed');
    var diagram = $('diagram'), svg = diagram.querySelector('svg');

    // The drawn elements of every event, by its seq; a node comes before the edges.
    var drawn = new Array(total);
    if (svg) {
      var tagged = svg.querySelectorAll('.ev');
      for (var i = 0; i < tagged.length; i++) {
        var el = tagged[i], list = el.classList, seq = -1;
        for (var j = 0; j < list.length; j++) {
          if (list[j].charCodeAt(0) === 115 && list[j].charCodeAt(1) === 45) { seq = +list[j].slice(2); break; }
        }
        if (seq < 0 || seq >= total) continue;
        var a = drawn[seq] || (drawn[seq] = []);
        if (list.contains('node')) a.unshift(el); else a.push(el);
      }
    }
    // The last drawn event at or before each step, so a step onto an event the diagram leaves
    // out (a record, when records are not drawn) still scrolls to where the run is.
    var anchor = new Int32Array(total + 1);
    anchor[0] = -1;
    for (var s0 = 1; s0 <= total; s0++) anchor[s0] = drawn[s0 - 1] ? s0 - 1 : anchor[s0 - 1];
    var notes = {}, noteSteps = [];
    data.notes.forEach(function (n) { notes[n.step] = n.text; noteSteps.push(n.step); });
    var questions = {}, answers = {};
    data.questions.forEach(function (q) { questions[q.step] = q; });
    var narrated = noteSteps.concat(data.questions.map(function (q) { return q.step; }))
      .sort(function (x, y) { return x - y; });

    // A state line: stored whole, or as [base, keep, middle, keepEnd], an edit of line `base`
    // (at most 32 deep, so the recursion stays shallow).
    function line(i) {
      var e = data.lines[i];
      if (typeof e === 'string') return e;
      var base = line(e[0]);
      return base.slice(0, e[1]) + e[2] + base.slice(base.length - e[3]);
    }

    var step = 0, current = null, timer = null;

    function mark(from, to, done) {
      for (var s = from; s < to; s++) {
        var a = drawn[s];
        if (!a) continue;
        for (var k = 0; k < a.length; k++) a[k].classList.toggle('done', done);
      }
    }

    // One block per line, and only the lines that changed are rewritten: a long line (a channel,
    // a sink's output) is laid out again only when it changes.
    var shownLines = [];
    function showState() {
      var rows = data.steps[step], boxes = stateBox.children;
      for (var i = 0; i < rows.length; i++) {
        if (shownLines[i] === rows[i]) continue;
        if (i >= boxes.length) stateBox.appendChild(document.createElement('div'));
        boxes[i].textContent = line(rows[i]);
        shownLines[i] = rows[i];
      }
      while (boxes.length > rows.length) stateBox.removeChild(stateBox.lastChild);
      shownLines.length = rows.length;
    }
    function stateText() {
      return Array.prototype.map.call(stateBox.children, function (d) { return d.textContent; }).join('\n');
    }

    function showNote() {
      var at = -1;
      for (var i = noteSteps.length - 1; i >= 0; i--) { if (noteSteps[i] <= step) { at = noteSteps[i]; break; } }
      noteBox.hidden = at < 0;
      if (at < 0) return;
      noteBox.textContent = '';
      noteBox.classList.toggle('past', at !== step);
      if (at !== step) {
        var from = document.createElement('span');
        from.className = 'from';
        from.textContent = 'narration of step ' + at;
        noteBox.appendChild(from);
      }
      noteBox.appendChild(document.createTextNode(notes[at]));
    }

    function showQuestion() {
      var q = questions[step];
      questionBox.hidden = !q;
      questionBox.textContent = '';
      if (!q) return;
      var prompt = document.createElement('p');
      prompt.style.margin = '0';
      var strong = document.createElement('strong');
      strong.textContent = 'Predict: ';
      prompt.appendChild(strong);
      prompt.appendChild(document.createTextNode(q.prompt));
      questionBox.appendChild(prompt);
      var list = document.createElement('ol');
      var verdict = document.createElement('p');
      verdict.className = 'verdict';
      var buttons = q.choices.map(function (choice, i) {
        var item = document.createElement('li');
        var b = document.createElement('button');
        b.type = 'button';
        b.textContent = choice;
        b.addEventListener('click', function () { answers[q.step] = i; reveal(); });
        item.appendChild(b);
        list.appendChild(item);
        return b;
      });
      questionBox.appendChild(list);
      questionBox.appendChild(verdict);
      function reveal() {
        var chosen = answers[q.step];
        if (chosen === undefined) { verdict.textContent = 'Choose an answer (keys 1-' + q.choices.length + ').'; return; }
        buttons.forEach(function (b, i) {
          b.classList.toggle('right', i === q.answer);
          b.classList.toggle('wrong', i === chosen && i !== q.answer);
        });
        var text = chosen === q.answer ? 'Right.' : 'Not quite: the answer is ' + (q.answer + 1) + '. ' + q.choices[q.answer];
        verdict.textContent = text + (q.explain ? '\n' + q.explain : '');
      }
      questionBox.answer = function (i) { if (i >= 0 && i < q.choices.length) { answers[q.step] = i; reveal(); } };
      reveal();
    }

    // Brings an event into view, to the middle of the diagram when it is near an edge or outside,
    // so the events that follow it are in view too.
    function reveal(el) {
      var box = el.getBoundingClientRect(), view = diagram.getBoundingClientRect(), margin = 60;
      var inside = box.top >= view.top + margin && box.bottom <= view.bottom - margin &&
        box.left >= view.left + margin && box.right <= view.right - margin;
      if (!inside) {
        diagram.scrollTop += (box.top + box.bottom) / 2 - (view.top + view.bottom) / 2;
        diagram.scrollLeft += (box.left + box.right) / 2 - (view.left + view.right) / 2;
      }
    }

    function show(target, fromHash) {
      target = Math.max(0, Math.min(total, target | 0));
      if (target > step) mark(step, target, true); else if (target < step) mark(target, step, false);
      step = target;
      if (current) for (var k = 0; k < current.length; k++) current[k].classList.remove('cur');
      current = step > 0 ? drawn[step - 1] || null : null;
      if (current) for (var m = 0; m < current.length; m++) current[m].classList.add('cur');
      var near = anchor[step] >= 0 ? drawn[anchor[step]][0] : null;
      if (near) reveal(near);
      showState();
      showNote();
      showQuestion();
      stepBox.value = step;
      slider.value = step;
      if (!fromHash) {
        try { history.replaceState(null, '', '#step=' + step); } catch (e) { /* a browser that refuses it for file:// */ }
      }
    }

    function next(list, forward) {
      if (forward) { for (var i = 0; i < list.length; i++) if (list[i] > step) return list[i]; return step; }
      for (var j = list.length - 1; j >= 0; j--) if (list[j] < step) return list[j];
      return step;
    }

    function play(on) {
      if (timer) { clearInterval(timer); timer = null; }
      if (on && step >= total) show(0);
      if (on) {
        timer = setInterval(function () {
          if (step >= total) { play(false); return; }
          show(step + 1);
        }, 1000 / +speed.value);
      }
      playButton.textContent = timer ? 'pause' : 'play';
    }

    function stepFromHash() {
      var m = /^#step=(\d+)$/.exec(location.hash);
      return m ? +m[1] : null;
    }

    $('first').addEventListener('click', function () { show(0); });
    $('last').addEventListener('click', function () { show(total); });
    $('back').addEventListener('click', function () { show(step - 1); });
    $('fwd').addEventListener('click', function () { show(step + 1); });
    $('prevcp').addEventListener('click', function () { show(next(data.checkpointSteps, false)); });
    $('nextcp').addEventListener('click', function () { show(next(data.checkpointSteps, true)); });
    playButton.addEventListener('click', function () { play(!timer); });
    speed.addEventListener('change', function () { if (timer) play(true); });
    slider.addEventListener('input', function () { show(+slider.value); });
    $('goto').addEventListener('submit', function (e) { e.preventDefault(); show(+stepBox.value); stepBox.blur(); });
    Array.prototype.forEach.call(document.querySelectorAll('.cuttoggle'), function (box) {
      box.addEventListener('change', function () {
        var lines = svg ? svg.querySelectorAll('.cut-' + box.value) : [];
        for (var i = 0; i < lines.length; i++) lines[i].style.display = box.checked ? '' : 'none';
      });
    });
    window.addEventListener('hashchange', function () { var n = stepFromHash(); if (n !== null && n !== step) show(n, true); });
    document.addEventListener('keydown', function (e) {
      var t = e.target;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      var handled = true;
      switch (e.key) {
        case 'ArrowRight': show(step + 1); break;
        case 'ArrowLeft': show(step - 1); break;
        case 'n': show(next(data.checkpointSteps, true)); break;
        case 'p': show(next(data.checkpointSteps, false)); break;
        case 'f': show(next(data.failureSteps, true)); break;
        case ']': show(next(narrated, true)); break;
        case '[': show(next(narrated, false)); break;
        case ' ': play(!timer); break;
        case 'Home': show(0); break;
        case 'End': show(total); break;
        case 'g': stepBox.focus(); stepBox.select(); break;
        default:
          if (/^[1-9]$/.test(e.key) && questions[step] && questionBox.answer) questionBox.answer(+e.key - 1);
          else handled = false;
      }
      if (handled) e.preventDefault();
    });

    window.ckptPage = {
      total: total,
      get step() { return step; },
      go: function (n) { show(n); return step; },
      stateText: stateText
    };
    // The lifelines' names stay in view at the top of the diagram once their boxes scroll away.
    (function lanes() {
      if (!svg) return;
      var heads = Array.prototype.filter.call(svg.querySelectorAll('g.node'), function (g) {
        var t = g.querySelector('title');
        return t && /^h[0-9]+$/.test(t.textContent) && g.querySelector('text');
      });
      if (!heads.length) return;
      var bar = document.createElement('div');
      bar.id = 'lanes';
      bar.hidden = true;
      var origin = svg.getBoundingClientRect(), view = diagram.getBoundingClientRect(), bottom = 0;
      heads.forEach(function (g) {
        var box = g.getBoundingClientRect(), label = document.createElement('span');
        label.textContent = g.querySelector('text').textContent;
        label.style.left = (box.left + box.right) / 2 - view.left + diagram.scrollLeft + 'px';
        bar.appendChild(label);
        bottom = Math.max(bottom, box.bottom - origin.top);
      });
      diagram.insertBefore(bar, diagram.firstChild);
      diagram.addEventListener('scroll', function () { bar.hidden = diagram.scrollTop < bottom; }, { passive: true });
    })();

    var start = stepFromHash();
    show(start === null ? 0 : start, true);
    document.documentElement.setAttribute('data-ready', '1');
    })();
    """#
}
