import { createRemoteJWKSet, importSPKI, type JWTPayload, jwtVerify } from 'jose';
import { DomainError } from '../../domain/errors.js';
import { type Actor, type Role, roles } from '../../domain/model.js';
import type { JwtConfig } from '../config.js';
import { app } from '../deps.js';

/**
 * Bearer-token authentication, the same in AWS (Cognito's JWKS) and locally (a development key
 * pair): signature, issuer, audience, expiry and an algorithm allow-list are all checked.
 */

export const allowedAlgorithms = ['RS256'];
/** Roles a token may carry; the scheduler acts only through its own non-HTTP entry point. */
const tokenRoles: readonly Role[] = roles.filter((role) => role !== 'scheduler');
const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

type KeySource = Parameters<typeof jwtVerify>[1];
/** One key source per token configuration: Cognito's JWKS is fetched once per container and cached. */
const keys = new WeakMap<JwtConfig, Promise<KeySource>>();

function verificationKey(jwt: JwtConfig): Promise<KeySource> {
  let key = keys.get(jwt);
  if (!key) {
    key = jwt.jwksUrl
      ? Promise.resolve(createRemoteJWKSet(new URL(jwt.jwksUrl)) as KeySource)
      : importSPKI(jwt.publicKeyPem ?? '', 'RS256');
    keys.set(jwt, key);
  }
  return key;
}

function jwtConfig(): JwtConfig {
  const jwt = app().config.jwt;
  if (!jwt)
    throw new Error(
      'token settings are missing: set JWT_ISSUER, JWT_AUDIENCE and JWKS_URL or JWT_PUBLIC_KEY',
    );
  return jwt;
}

const unauthorized = (detail: string, cause?: unknown) =>
  new DomainError('UNAUTHORIZED', detail, [], cause === undefined ? undefined : { cause });

/** Claims may be plain (local tokens) or Cognito custom attributes (`custom:role`). */
function claim(payload: JWTPayload, name: string): unknown {
  return payload[name] ?? payload[`custom:${name}`];
}

export function actorFromClaims(payload: JWTPayload): Actor {
  const role = claim(payload, 'role');
  const org = claim(payload, 'org');
  const rawPlans = claim(payload, 'plans') ?? [];
  if (typeof payload.sub !== 'string' || payload.sub === '') throw unauthorized('the token has no subject');
  if (typeof role !== 'string' || !tokenRoles.includes(role as Role))
    throw unauthorized('the token has no valid role');
  if (typeof org !== 'string' || !idPattern.test(org))
    throw unauthorized('the token has no valid organisation');
  const plans = typeof rawPlans === 'string' ? rawPlans.split(',').filter(Boolean) : rawPlans;
  if (!Array.isArray(plans) || !plans.every((p) => typeof p === 'string' && idPattern.test(p))) {
    throw unauthorized('the token has an invalid plans claim');
  }
  return { sub: payload.sub, role: role as Role, org, plans };
}

export async function authenticate(authorization: string | undefined): Promise<Actor> {
  const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization ?? '');
  if (!match?.[1]) throw unauthorized('send Authorization: Bearer <token>');
  const jwt = jwtConfig();
  try {
    const { payload } = await jwtVerify(match[1], await verificationKey(jwt), {
      issuer: jwt.issuer,
      audience: jwt.audience,
      algorithms: allowedAlgorithms,
      requiredClaims: ['sub', 'exp'],
    });
    return actorFromClaims(payload);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw unauthorized('the token is not valid', error);
  }
}
