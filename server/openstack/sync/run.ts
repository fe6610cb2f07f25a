import type { Db } from "../../db/client";
import type { Outcome } from "../../inventory/outcome";
import { OpenStackClient } from "../client";
import { loadConfig, type OpenStackConfig } from "../config";
import { readCloud } from "./read";
import { applySync, planSync, type Drift, type SyncOptions } from "./sync";

/** The operator's rack naming rule (HEADROOM_SYNC_RACK_RULE): a regex with a `rack` group, e.g. `^(?<rack>[a-z0-9]+-r\d+)-`. */
export function rackRuleFrom(text: string | undefined | null): RegExp | null {
  if (!text) return null;
  try {
    return new RegExp(text);
  } catch (e) {
    throw new Error(`the rack naming rule is not a regular expression: ${(e as Error).message}`);
  }
}

export function syncOptions(config: OpenStackConfig, env: Record<string, string | undefined> = process.env): SyncOptions {
  return { region: config.region_name ?? null, rackRule: rackRuleFrom(env.HEADROOM_SYNC_RACK_RULE) };
}

/** Reads the configured cloud and computes the drift (read-only). */
export async function openstackDrift(db: Db, config: OpenStackConfig = loadConfig(), opts?: SyncOptions): Promise<Drift> {
  const cloud = await readCloud(new OpenStackClient(config));
  return planSync(db, cloud, opts ?? syncOptions(config));
}

/** Reads the cloud again and applies its drift in one transaction (refused when it is not the drift shown). */
export async function openstackApply(db: Db, actor: string, expectFingerprint?: string, config: OpenStackConfig = loadConfig(), opts?: SyncOptions): Promise<Outcome<Drift>> {
  const cloud = await readCloud(new OpenStackClient(config));
  return applySync(db, cloud, actor, { ...(opts ?? syncOptions(config)), ...(expectFingerprint ? { expectFingerprint } : {}) });
}
