// Progressive enhancement only: every page works without this file.
import { initAll } from '/assets/govuk-frontend.min.js';

initAll();

// A long instalment run: follow its progress without reloading the page.
const progress = document.querySelector('[data-run-progress]');
if (progress) {
  const url = progress.getAttribute('data-run-progress');
  const tick = async () => {
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    if (!res.ok) return;
    const run = await res.json();
    const bar = progress.querySelector('progress');
    const text = progress.querySelector('[data-run-text]');
    if (bar) bar.value = run.shardsDone;
    if (text)
      text.textContent = `${run.shardsDone} of ${run.shards} parts done; ${run.posted} instalments paid`;
    if (run.state === 'completed') window.location.reload();
    else setTimeout(tick, 1500);
  };
  setTimeout(tick, 1500);
}
