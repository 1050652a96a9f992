/** Fast-check generators for the fuzzer: valid payloads, schema mutations, frame and transport damage. */
export { arbitraryFromSchema, arbitraryForNode, basePayload, BASE_POOL_SIZE, validPayload, type SchemaArbitraryOptions } from './schema-arbitrary.js';
export { invalidPayload, MUTATION_KINDS, type Mutation, type MutationKind, type MutationOptions } from './schema-mutations.js';
export { frameDamage, freshMessageId, MESSAGE_ID_PLACEHOLDER, messageIds, transportDamage, type DamagedFrame, type FrameOptions, type TransportOptions } from './frame-damage.js';
