// Browser tests log in the way a person does: the dashboard's login form (POST /ui/login) gives a session cookie,
// which the new browser context carries. (Basic credentials only answer a 401 challenge, and a browser navigating
// without credentials is sent to the login page instead.)
import type { Browser, BrowserContext } from 'playwright-core';

/** The session cookie value for `user` from the login form at `gatewayUrl`. */
export async function loginCookie(gatewayUrl: string, user: string, password: string): Promise<string> {
  const res = await fetch(`${gatewayUrl}/ui/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user, password }).toString(),
  });
  const id = /^cryoem_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  if (res.status !== 303 || !id) throw new Error(`login of ${user} at ${gatewayUrl}/ui/login: expected 303 with a session cookie, got ${res.status}`);
  return id;
}

/** A browser context logged in to the dashboard at `gatewayUrl` as `user`. */
export async function loggedInContext(browser: Browser, gatewayUrl: string, user: string, password: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const value = await loginCookie(gatewayUrl, user, password);
  const context = await browser.newContext(options);
  await context.addCookies([{ name: 'cryoem_session', value, domain: new URL(gatewayUrl).hostname, path: '/ui', httpOnly: true, sameSite: 'Lax' }]);
  return context;
}
