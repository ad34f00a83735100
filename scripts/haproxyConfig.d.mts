/** One edge behind the balancer. */
export interface BalancedEdge {
  name: string;
  host: string;
  port: number;
}
/** The haproxy.cfg text for a balancer on `port` in front of `edges`. */
export function haproxyConfig(options: { port: number; bind?: string; edges: BalancedEdge[] }): string;
