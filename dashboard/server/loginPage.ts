// The login page, rendered on the server: a plain form that works without the dashboard's script bundle (which,
// like everything else under /ui, needs a login first), with the reason of a failed try and an optional
// "sign in with <provider>" link.
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface LoginPageOptions {
  /** Where to go after logging in (a path under the dashboard). */
  next: string;
  /** Why the last try failed, shown above the form. */
  error?: string;
  /** Shown after logout. */
  notice?: string;
  /** Identity provider button: its label and the URL that starts the sign-in. */
  provider?: { label: string; href: string };
}

export function loginPage(o: LoginPageOptions): string {
  const provider = o.provider
    ? `<p class="or">or</p><a class="provider" data-testid="oidc-login" href="${esc(o.provider.href)}">Sign in with ${esc(o.provider.label)}</a>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log in — cryoem-daq</title>
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='7' fill='%23357'/%3E%3C/svg%3E">
<style>
body{font-family:system-ui,sans-serif;background:#f4f5f7;display:flex;justify-content:center;padding-top:12vh;margin:0}
main{background:#fff;padding:2em;border-radius:8px;box-shadow:0 1px 4px #0002;width:20em}
h1{font-size:1.3em;margin-top:0}label{display:block;margin:.8em 0 .2em}input{width:100%;box-sizing:border-box;padding:.4em}
button,.provider{margin-top:1.2em;width:100%;padding:.5em;display:block;text-align:center;box-sizing:border-box}
.error{color:#a00}.notice{color:#060}.or{text-align:center;color:#666;margin:1em 0 0}
</style></head>
<body><main>
<h1>cryoem-daq dashboard</h1>
${o.error ? `<p class="error" role="alert" data-testid="login-error">${esc(o.error)}</p>` : ''}${o.notice ? `<p class="notice">${esc(o.notice)}</p>` : ''}
<form method="post" action="login">
<input type="hidden" name="next" value="${esc(o.next)}">
<label for="user">User name</label><input id="user" name="user" autocomplete="username" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Log in</button>
</form>
${provider}
</main></body></html>`;
}
