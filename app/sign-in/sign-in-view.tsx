"use client";
import { useState, type FormEvent } from "react";
import { Field } from "../_components/ui/field";

type DemoAccount = { role: string; email: string; password: string };

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`/api/auth/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), credentials: "same-origin" });
}

/** Email and password (better-auth), an OIDC button when one is configured, and the demo's accounts in the embedded demo. */
export function SignInView({ next, demoAccounts, oidcName }: { next: string; demoAccounts: DemoAccount[]; oidcName: string | null }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function signIn(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await post("sign-in/email", { email: email.trim(), password });
      if (response.ok) {
        window.location.assign(next); // a full load: nothing cached from before the sign-in survives
        return;
      }
      setError(response.status === 429 ? "Too many attempts. Wait a minute and try again." : response.status === 401 ? "Wrong email or password." : `Sign-in failed (HTTP ${response.status}).`);
    } catch {
      setError("The server could not be reached.");
    }
    setBusy(false);
  }

  async function signInWithOidc() {
    setBusy(true);
    setError(null);
    const response = await post("sign-in/social", { provider: "oidc", callbackURL: next }).catch(() => null);
    const body = (await response?.json().catch(() => null)) as { url?: string } | null;
    if (response?.ok && body?.url) window.location.assign(body.url);
    else {
      setError("Single sign-on is not available right now.");
      setBusy(false);
    }
  }

  return (
    <div style={{ maxWidth: 420, margin: "48px auto" }}>
      <section className="panel" aria-labelledby="sign-in-title">
        <div className="panel-head"><h1 id="sign-in-title">Sign in to Headroom</h1></div>
        <div className="panel-body">
          <form className="form" onSubmit={signIn} noValidate>
            {error && <div className="callout callout-error" role="alert" data-testid="sign-in-error">{error}</div>}
            <Field id="sign-in-email" label="Email">
              {(c) => <input {...c} className="input" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />}
            </Field>
            <Field id="sign-in-password" label="Password">
              {(c) => <input {...c} className="input" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}
            </Field>
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" disabled={busy}>Sign in</button>
              {oidcName && <button type="button" className="btn" disabled={busy} onClick={signInWithOidc}>Sign in with {oidcName}</button>}
            </div>
          </form>
        </div>
      </section>
      {demoAccounts.length > 0 && (
        <section className="panel" aria-labelledby="demo-title" style={{ marginTop: 16 }} data-testid="demo-accounts">
          <div className="panel-head"><h2 id="demo-title">Demo accounts</h2></div>
          <div className="panel-body">
            <p className="muted">This embedded demo has one account per role. Anyone who can open this page can use them: do not put real data here.</p>
            <div className="table-wrap">
              <table className="data">
                <thead><tr><th scope="col">Role</th><th scope="col">Email</th><th scope="col">Password</th><th scope="col"><span className="visually-hidden">Use</span></th></tr></thead>
                <tbody>
                  {demoAccounts.map((a) => (
                    <tr key={a.email} data-role={a.role}>
                      <td>{a.role}</td>
                      <td className="mono">{a.email}</td>
                      <td className="mono">{a.password}</td>
                      <td><button type="button" className="btn btn-sm" onClick={() => { setEmail(a.email); setPassword(a.password); }}>Use {a.role}</button></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </section>
      )}
    </div>
  );
}
