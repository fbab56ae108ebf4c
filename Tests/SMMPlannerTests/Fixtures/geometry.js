(function () {
  const out = {clipped: [], overlaps: [], wide: [], pageWidth: document.documentElement.scrollWidth};
  const rect = (e) => e.getBoundingClientRect();
  for (const svg of document.querySelectorAll('svg')) {
    const box = rect(svg);
    const texts = Array.from(svg.querySelectorAll('text')).filter((t) => t.textContent.trim() !== '');
    for (const t of texts) {
      const r = rect(t);
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
        out.clipped.push(svg.parentElement.parentElement.id + ': ' + t.textContent.slice(0, 40));
      }
    }
    const flat = texts.filter((t) => !t.hasAttribute('transform') && !t.closest('g.step'));
    for (let i = 0; i < flat.length; i++) {
      const a = rect(flat[i]);
      for (let j = i + 1; j < flat.length; j++) {
        const b = rect(flat[j]);
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 1 && h > 1) {
          out.overlaps.push(svg.parentElement.parentElement.id + ': ' + flat[i].textContent.slice(0, 30) + ' / ' + flat[j].textContent.slice(0, 30));
        }
      }
    }
  }
  for (const n of document.querySelectorAll('figure .numbers, main > section table')) {
    const box = n.tagName === 'TABLE' ? n : n;
    if (box.scrollWidth > box.clientWidth + 1) out.wide.push((n.closest('figure') || n).id || n.tagName);
  }
  const pre = document.createElement('pre');
  pre.id = 'geometry';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
