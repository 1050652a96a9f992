import { rpcFrameworkCases } from '../../shared/rpc-steps.js';

export const chargerRpc = rpcFrameworkCases('1.6', 'CS');
export const csmsRpc = rpcFrameworkCases('1.6', 'CSMS');
