/**
 * Placement API, microversions 1.0–1.39 (`OpenStack-API-Version: placement X.Y`, 406 outside the range):
 *   GET    /                                                  version document (no token needed)
 *   GET    /resource_providers                                ?name= ?uuid= ?in_tree= ?member_of= ?resources= ?required=
 *   POST   /resource_providers                                201 (200 with a body from 1.20)
 *   GET|PUT|DELETE /resource_providers/{uuid}                 409 placement.resource_provider.inuse with allocations
 *   GET|PUT|POST|DELETE /resource_providers/{uuid}/inventories        PUT checks the generation (409 concurrent_update)
 *   GET|PUT|DELETE /resource_providers/{uuid}/inventories/{resource_class}
 *   GET    /resource_providers/{uuid}/usages
 *   GET    /resource_providers/{uuid}/allocations
 *   GET|PUT /resource_providers/{uuid}/aggregates                     (1.1+)
 *   GET|PUT|DELETE /resource_providers/{uuid}/traits                  (1.6+)
 *   GET    /allocation_candidates                             (1.10+) ?resources= &required= &member_of= &limit= …
 *   POST   /allocations                                       (1.13+) several consumers in one transaction
 *   GET|PUT|DELETE /allocations/{consumer_uuid}               PUT 204; 409 over capacity or on a generation conflict
 *   GET    /usages?project_id=                                (1.9+; grouped by consumer_type from 1.38)
 *   GET|POST /resource_classes, GET|PUT|DELETE /resource_classes/{name}   (1.2+)
 *   GET    /traits, GET|PUT|DELETE /traits/{name}             (1.6+)
 */
import type { Handler } from '../core/types.ts';
import { listProviderAggregates, updateProviderAggregates } from './aggregates.ts';
import { listAllocationCandidates } from './allocation-candidates.ts';
import { deleteAllocations, listProviderAllocations, manageAllocations, showAllocations, updateAllocations } from './allocations.ts';
import {
  createInventory, deleteInventories, deleteInventory, listInventories, setInventories, showInventory, updateInventory,
} from './inventories.ts';
import { atLeast, MAX_VERSION, MIN_VERSION, version } from './microversion.ts';
import { createResourceClass, deleteResourceClass, listResourceClasses, showResourceClass, updateResourceClass } from './resource-classes.ts';
import {
  createResourceProvider, deleteResourceProvider, listResourceProviders, showResourceProvider, updateResourceProvider,
} from './resource-providers.ts';
import {
  deleteProviderTraits, deleteTrait, listProviderTraits, listTraits, putTrait, showTrait, updateProviderTraits,
} from './traits.ts';
import { listProviderUsages, listUsages } from './usages.ts';

/** GET /: one version, CURRENT, with a relative self link (placement never tracks its own URL). */
const showVersions: Handler = (_ctx, req) => ({
  status: 200,
  headers: atLeast(req, '1.15') ? { 'Cache-Control': 'no-cache' } : undefined,
  body: { versions: [{ id: `v${MIN_VERSION}`, max_version: MAX_VERSION, min_version: MIN_VERSION, status: 'CURRENT', links: [{ rel: 'self', href: '' }] }] },
});

const table: Record<string, Handler> = {
  'GET /': showVersions,
  'GET /resource_providers': listResourceProviders,
  'POST /resource_providers': createResourceProvider,
  'GET /resource_providers/{uuid}': showResourceProvider,
  'PUT /resource_providers/{uuid}': updateResourceProvider,
  'DELETE /resource_providers/{uuid}': deleteResourceProvider,
  'GET /resource_providers/{uuid}/inventories': listInventories,
  'POST /resource_providers/{uuid}/inventories': createInventory,
  'PUT /resource_providers/{uuid}/inventories': setInventories,
  'DELETE /resource_providers/{uuid}/inventories': deleteInventories,
  'GET /resource_providers/{uuid}/inventories/{resource_class}': showInventory,
  'PUT /resource_providers/{uuid}/inventories/{resource_class}': updateInventory,
  'DELETE /resource_providers/{uuid}/inventories/{resource_class}': deleteInventory,
  'GET /resource_providers/{uuid}/usages': listProviderUsages,
  'GET /resource_providers/{uuid}/allocations': listProviderAllocations,
  'GET /resource_providers/{uuid}/aggregates': listProviderAggregates,
  'PUT /resource_providers/{uuid}/aggregates': updateProviderAggregates,
  'GET /resource_providers/{uuid}/traits': listProviderTraits,
  'PUT /resource_providers/{uuid}/traits': updateProviderTraits,
  'DELETE /resource_providers/{uuid}/traits': deleteProviderTraits,
  'GET /allocation_candidates': listAllocationCandidates,
  'POST /allocations': manageAllocations,
  'GET /allocations/{consumer_uuid}': showAllocations,
  'PUT /allocations/{consumer_uuid}': updateAllocations,
  'DELETE /allocations/{consumer_uuid}': deleteAllocations,
  'GET /usages': listUsages,
  'GET /resource_classes': listResourceClasses,
  'POST /resource_classes': createResourceClass,
  'GET /resource_classes/{name}': showResourceClass,
  'PUT /resource_classes/{name}': updateResourceClass,
  'DELETE /resource_classes/{name}': deleteResourceClass,
  'GET /traits': listTraits,
  'GET /traits/{name}': showTrait,
  'PUT /traits/{name}': putTrait,
  'DELETE /traits/{name}': deleteTrait,
};

/** Every route runs behind the microversion middleware: a bad header never reaches the handler. */
export const routes: Record<string, Handler> = Object.fromEntries(
  Object.entries(table).map(([key, handler]) => [key, ((ctx, req) => {
    version(req);
    return handler(ctx, req);
  }) as Handler]),
);

/** The root needs no token. */
export const publicRoutes = ['GET /'];
