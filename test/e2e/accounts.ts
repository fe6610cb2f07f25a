/** The demo accounts the embedded demo seeds (server/auth/demo.ts), one per role. */
export type DemoRole = "viewer" | "planner" | "operator" | "admin";
export const demoAccount = (role: DemoRole) => ({ role, email: `${role}@demo.headroom.local`, password: `headroom-${role}-demo` });
export const DEMO_ADMIN = demoAccount("admin");
