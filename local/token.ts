import { parseArgs } from 'node:util';
import { ensureKeys, signToken } from './keys.js';

/** `npm run token -- --role <role> --org <id> [--plans a,b] [--sub s]`: prints only a signed token. */
const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    org: { type: 'string' },
    plans: { type: 'string' },
    sub: { type: 'string' },
    ttl: { type: 'string' },
  },
});

if (!values.role || !values.org) {
  process.stderr.write(
    'usage: npm run token -- --role <family|broker|council_officer|health_officer|auditor> --org <id> [--plans a,b] [--sub s]\n',
  );
  process.exit(2);
}

const { privateKeyPem } = await ensureKeys();
const token = await signToken(privateKeyPem, {
  role: values.role,
  org: values.org,
  plans: values.plans ? values.plans.split(',').filter(Boolean) : [],
  ...(values.sub ? { sub: values.sub } : {}),
  ...(values.ttl ? { ttlSeconds: Number.parseInt(values.ttl, 10) } : {}),
});
process.stdout.write(`${token}\n`);
