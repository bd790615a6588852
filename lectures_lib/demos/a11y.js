// lectures_lib accessibility shim (issue 14). Runs once per page; watches the page for
// ipywidgets sliders and status lines and fixes what ipywidgets 8.1 cannot set from Python:
//  - the noUiSlider handle (role=slider) gets aria-labelledby -> the widget's visible <label>
//    (axe aria-input-field-name);
//  - its aria-valuetext becomes the visible readout (FloatLogSlider announces the exponent,
//    SelectionSlider the option index, otherwise);
//  - an HTML widget with the class lectures-status gets role=status aria-live=polite on its stable
//    .widget-html-content container (the value's innerHTML is replaced on every update).
(function () {
  if (window.__lecturesA11y) return;
  window.__lecturesA11y = true;
  let counter = 0;
  // w: div.widget-slider = label.widget-label + div.slider-container (.noUi-handle) + .widget-readout
  function fixSlider(w) {
    const h = w.querySelector('.noUi-handle');
    if (!h) return;
    const label = w.querySelector(':scope > .widget-label');
    if (label && label.textContent.trim() && !h.hasAttribute('aria-labelledby')) {
      if (!label.id) label.id = 'lectures-a11y-label-' + (++counter);
      h.setAttribute('aria-labelledby', label.id);
    }
    const readout = w.querySelector(':scope > .widget-readout');
    if (readout) {
      const text = readout.textContent.trim();
      if (text && h.getAttribute('aria-valuetext') !== text) h.setAttribute('aria-valuetext', text);
    }
  }
  function fixStatus(el) {
    const c = el.querySelector(':scope > .widget-html-content');
    if (c && c.getAttribute('aria-live') !== 'polite') {
      c.setAttribute('role', 'status');
      c.setAttribute('aria-live', 'polite');
    }
  }
  function scan(root) {
    root.querySelectorAll('.widget-slider').forEach(fixSlider);
    root.querySelectorAll('.lectures-status').forEach(fixStatus);
  }
  // One observer for the page: a slider whose readout text (characterData/childList) or whose
  // aria-valuetext (noUiSlider rewrites it on every move) changed is fixed again, after noUiSlider
  // in the same task; setting an equal value is skipped, so the observer does not feed itself.
  // Widgets added later (a cell run again, a new demo) are scanned when they appear.
  new MutationObserver(records => {
    const seen = new Set();
    for (const r of records) {
      const node = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (!node) continue;
      // ipywidgets adds a widget's _dom_classes only after it is displayed: the status line
      // becomes .lectures-status by a class change, after it was inserted
      if (r.type === 'attributes' && r.attributeName === 'class') {
        if (node.classList.contains('lectures-status')) fixStatus(node);
        continue;
      }
      const w = node.closest('.widget-slider');
      if (w) { seen.add(w); continue; }
      if (r.type === 'childList' && r.addedNodes.length) {
        for (const a of r.addedNodes) if (a.nodeType === 1) scan(a.parentElement || a);
      }
    }
    seen.forEach(fixSlider);
  }).observe(document.body, {subtree: true, childList: true, characterData: true,
                             attributes: true, attributeFilter: ['aria-valuetext', 'class']});
  scan(document.body);
})();
