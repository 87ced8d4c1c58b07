/** A deploy target as the inventory sees it. */
export interface Host {
  /** Address as written in config (name or IP); what the transport connects to. */
  name: string;
  /** Roles that list this host, in config order. */
  roles: string[];
  /** Tags attached to this host in any role (`- host: tag`). */
  tags: string[];
  /** True when the host carries the primary role. */
  primary: boolean;
}
