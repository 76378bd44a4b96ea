import path from 'node:path';

/**
 * Whether this checkout lies under the sandbox's private /tmp or /var/tmp (a CI clone in
 * /tmp). Then nothing of the checkout, its node_modules included, is visible inside the
 * sandbox: a test that runs a tool from there in the sandbox has nothing to run.
 */
export const checkoutIsPrivate = ['/tmp', '/var/tmp'].some((dir) => path.resolve(import.meta.dirname).startsWith(`${dir}/`));
