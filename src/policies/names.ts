/** Names YAML uses for VM placement policies (keys of the registry in placement.ts). */
export const PLACEMENT_POLICY_NAMES = [
  'first-fit',
  'best-fit',
  'worst-fit',
  'round-robin',
  'first-fit-decreasing',
] as const;
export type PlacementPolicyName = (typeof PLACEMENT_POLICY_NAMES)[number];
