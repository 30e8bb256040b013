import { parseArgs } from 'node:util';
import { roles } from '../domain/model.js';
import { dataDir, ensureKeys, signToken } from './keys.js';

/**
 * `npm run token -- --role <role> --org <id> [--plans a,b] [--sub s]`: prints only a signed token.
 * The key pair lives under DATA_DIR (default `.data/`): a token works only with a server started
 * on the same DATA_DIR.
 */
const idPattern = /^[A-Za-z0-9_-]{1,64}$/;
const usage = `usage: npm run token -- --role <${roles.filter((r) => r !== 'scheduler').join('|')}> --org <id> [--plans a,b] [--sub s] [--ttl seconds]
(signed with the keys under ${dataDir()}; start the server with the same DATA_DIR)\n`;

function refuse(message: string): never {
  process.stderr.write(`token: ${message}\n${usage}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    org: { type: 'string' },
    plans: { type: 'string' },
    sub: { type: 'string' },
    ttl: { type: 'string' },
  },
});

if (!values.role || !values.org) refuse('--role and --org are required');
const role = values.role;
// The scheduler is the AWS scheduler's own identity; no person signs in as it.
if (!(roles as readonly string[]).includes(role) || role === 'scheduler') refuse(`unknown role "${role}"`);
if (!idPattern.test(values.org)) refuse('--org is 1–64 characters of A-Za-z0-9_-');
const plans = values.plans ? values.plans.split(',').filter(Boolean) : [];
if (plans.some((p) => !idPattern.test(p))) refuse('--plans is a comma-separated list of plan ids');
if (plans.length > 0 && role !== 'family') refuse('--plans is for the family role only');
if (values.ttl !== undefined && !/^[1-9][0-9]{0,6}$/.test(values.ttl))
  refuse('--ttl is a whole number of seconds');

const { privateKeyPem } = await ensureKeys();
const token = await signToken(privateKeyPem, {
  role,
  org: values.org,
  plans,
  ...(values.sub ? { sub: values.sub } : {}),
  ...(values.ttl ? { ttlSeconds: Number.parseInt(values.ttl, 10) } : {}),
});
process.stdout.write(`${token}\n`);
