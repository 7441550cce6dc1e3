// The typed comlink API of the trainer worker. Type-only imports: nothing here pulls TensorFlow.js into the UI.
// Each area's handler type is added to the intersection (one line each).
import type { SystemApi } from './systemHandlers';
import type { GuardApi } from './guardHandlers';
import type { DataApi } from './dataHandlers';
import type { ModelsApi } from './modelHandlers';
import type { PackApi } from './packHandlers';
import type { PpoApi } from './ppoHandlers';
import type { ProbeApi } from './probeHandlers';
import type { CostPilotApi } from './costPilotHandlers';

export type TrainerApi = SystemApi & GuardApi & DataApi & ModelsApi & PackApi & PpoApi & ProbeApi & CostPilotApi;
