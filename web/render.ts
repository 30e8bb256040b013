import { randomBytes } from 'node:crypto';
import nunjucks from 'nunjucks';
import { barChart, progressBar } from './charts.js';
import { dateTime, longDate, money, percent, words } from './format.js';

/** Pages are Nunjucks templates on the GOV.UK Frontend macros, rendered on the server. */

export interface Renderer {
  render(template: string, data: Record<string, unknown>): { body: string; nonce: string };
}

export function renderer(viewsDir: string, govukDir: string): Renderer {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([viewsDir, govukDir], { noCache: false }),
    {
      autoescape: true,
      throwOnUndefined: false,
    },
  );
  env.addFilter('money', money);
  env.addFilter('longDate', longDate);
  env.addFilter('dateTime', dateTime);
  env.addFilter('words', words);
  env.addFilter('percent', percent);
  env.addGlobal(
    'barChart',
    (bars: Array<{ label: string; value: string }>) => new nunjucks.runtime.SafeString(barChart(bars)),
  );
  env.addGlobal(
    'progressBar',
    (part: string, whole: string) => new nunjucks.runtime.SafeString(progressBar(part, whole)),
  );
  return {
    render(template, data) {
      const nonce = randomBytes(16).toString('base64');
      return { body: env.render(template, { ...data, cspNonce: nonce }), nonce };
    },
  };
}
