/**
 * Shapes the generated schema does not describe: the server documents the
 * audit log and the dev mailbox as lists of plain objects, so their fields
 * are declared here, mirroring `harbinger_store::AuditRow` and `DevMail`.
 */
import type { Schemas } from "../../../lib/api/client";

export type AdminUser = Schemas["MeView"];
export type JobsView = Schemas["JobsView"];
export type ProviderStatus = Schemas["ProviderStatus"];

export interface AuditRow {
  seq: number;
  id: string;
  /** Unix ms. */
  ts: number;
  actor_type: string;
  actor_id: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  /** `success` or `failure`. */
  outcome: string;
  reason: string | null;
  /** JSON text, hashed as stored. */
  metadata: string;
  prev_hash: string;
  hash: string;
}

export interface DevMail {
  id: string;
  to_addr: string;
  subject: string;
  body: string;
  /** Unix ms. */
  created_at: number;
}

export interface AuditFilters {
  action?: string;
  actor_id?: string;
  target_id?: string;
  after_seq?: number;
}
