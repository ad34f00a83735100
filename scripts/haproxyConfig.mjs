// The balancer in front of a cluster's edges (Debian's `haproxy`): one URL for every phone, wall
// and console. Pages try WebSocket first (no stickiness needed); a page that falls back to HTTP
// long-polling is kept on its edge by a cookie; an edge that dies is taken out by its health check
// within a second and its phones reconnect to another (option redispatch).

/**
 * @param {{ port: number, bind?: string, edges: { name: string, host: string, port: number }[] }} options
 * @returns {string} the haproxy.cfg text
 */
export function haproxyConfig({ port, bind = '0.0.0.0', edges }) {
  const servers = edges.map((e) => `  server ${e.name} ${e.host}:${e.port} check inter 500ms fall 2 rise 2 cookie ${e.name}`).join('\n');
  return `# Dreamscape: one URL in front of the cluster's edges (see README "Scaling out").
global
  # Each phone holds two descriptors here (client and edge): raise with the system's file limit (ulimit -n).
  maxconn 9000

defaults
  mode http
  option redispatch
  retries 2
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  # A WebSocket lives as long as the phone stays: the tunnel timeout is its idle limit (pings every 10 s).
  timeout tunnel 1h
  timeout http-keep-alive 5s

frontend dreamscape
  bind ${bind}:${port}
  default_backend edges

backend edges
  balance leastconn
  option httpchk GET /healthz
  http-check expect status 200
  cookie DREAMSCAPE_EDGE insert indirect nocache
${servers}
`;
}
