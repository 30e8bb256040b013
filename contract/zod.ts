import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * zod/mini, the request and response schemas' zod: it builds schemas from functions rather than
 * methods, so a cold start constructs them in a fraction of classic zod's time (docs/decisions/39).
 * It ships no messages; the API's field errors are English, so the English locale is set here,
 * once, and every schema module imports zod through this file.
 */
z.config(en());

export * from 'zod/mini';
