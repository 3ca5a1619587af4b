/** The contract version this build speaks. A message or event with another version is refused whole. */
export const CONTRACT_VERSION = 1 as const;
export type ContractVersion = typeof CONTRACT_VERSION;
