/**
 * Node flags the hub process runs with (the supervisor passes them; the load bench too, so it
 * measures the hub as shipped).
 *
 * `--max-semi-space-size=8`: V8's young generation capped at 8 MB semi-spaces instead of Node 20's
 * 16 MB. The hub's garbage is short-lived (one message, one frame), so the smaller nursery costs no
 * measurable CPU (28.9–31.3 vs 30.3–31.5 µs per gesture at 1,000 phones) and keeps ~50 MB less
 * resident under a crowd (149–189 vs 210–219 MB; 22 vs 37 KB per idle phone).
 */
export const HUB_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8'];
