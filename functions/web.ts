/** The web app's Lambda entry point (DESIGN.md section 10); the pages live in web/. */
export { handler } from '../web/lambda.js';
