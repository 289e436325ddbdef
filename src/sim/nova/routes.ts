/** Nova's REST surface (compute API v2.1), in the API reference's order; every route checks the microversion first. */
import type { Handler } from '../core/types.ts';
import { aggregateAction, createAggregate, deleteAggregate, listAggregates, showAggregate } from './aggregates.ts';
import { createRemoteConsole, showConsoleAuthToken } from './consoles.ts';
import { createExternalEvents } from './external-events.ts';
import { createExtraSpecs, deleteExtraSpec, flavorAction, listExtraSpecs, listFlavorAccess, showExtraSpec, updateExtraSpec } from './flavor-extras.ts';
import { createFlavor, deleteFlavor, listFlavors, listFlavorsDetail, showFlavor, updateFlavor } from './flavors.ts';
import { hypervisorStatistics, listAvailabilityZones, listAvailabilityZonesDetail, listHypervisors, listHypervisorsDetail, showHypervisor } from './hypervisors.ts';
import { createKeypair, deleteKeypair, listKeypairs, showKeypair } from './keypairs.ts';
import { microversion } from './microversion.ts';
import { deleteService, listServices, updateService } from './os-services.ts';
import { deleteQuotaSet, showLimits, showQuotaDefaults, showQuotaSet, showQuotaSetDetail, updateQuotaSet } from './quotas.ts';
import { serverAction } from './server-actions.ts';
import {
  deleteServerMetadataItem, listInstanceActions, listInterfaces, listServerIps, listServerMetadata, mergeServerMetadata,
  replaceServerMetadata, setServerMetadataItem, showInstanceAction, showServerMetadataItem,
} from './server-extras.ts';
import { createServer } from './server-create.ts';
import { deleteServer, listServers, listServersDetail, showServer, updateServer } from './servers.ts';
import { listVersions, showVersion } from './versions.ts';
import { attachVolumeToServer, detachVolumeFromServer, listVolumeAttachments, showVolumeAttachment } from './volumes.ts';

const table: Record<string, Handler> = {
  'GET /': listVersions,
  'GET /v2.1': showVersion,
  'GET /v2.1/servers': listServers,
  'POST /v2.1/servers': createServer,
  'GET /v2.1/servers/detail': listServersDetail,
  'GET /v2.1/servers/{server_id}': showServer,
  'PUT /v2.1/servers/{server_id}': updateServer,
  'DELETE /v2.1/servers/{server_id}': deleteServer,
  'POST /v2.1/servers/{server_id}/action': serverAction,
  'POST /v2.1/servers/{server_id}/remote-consoles': createRemoteConsole,
  'GET /v2.1/servers/{server_id}/metadata': listServerMetadata,
  'POST /v2.1/servers/{server_id}/metadata': mergeServerMetadata,
  'PUT /v2.1/servers/{server_id}/metadata': replaceServerMetadata,
  'GET /v2.1/servers/{server_id}/metadata/{key}': showServerMetadataItem,
  'PUT /v2.1/servers/{server_id}/metadata/{key}': setServerMetadataItem,
  'DELETE /v2.1/servers/{server_id}/metadata/{key}': deleteServerMetadataItem,
  'GET /v2.1/servers/{server_id}/os-instance-actions': listInstanceActions,
  'GET /v2.1/servers/{server_id}/os-instance-actions/{request_id}': showInstanceAction,
  'GET /v2.1/servers/{server_id}/os-interface': listInterfaces,
  'GET /v2.1/servers/{server_id}/ips': listServerIps,
  'GET /v2.1/servers/{server_id}/os-volume_attachments': listVolumeAttachments,
  'POST /v2.1/servers/{server_id}/os-volume_attachments': attachVolumeToServer,
  'GET /v2.1/servers/{server_id}/os-volume_attachments/{volume_id}': showVolumeAttachment,
  'DELETE /v2.1/servers/{server_id}/os-volume_attachments/{volume_id}': detachVolumeFromServer,
  'GET /v2.1/flavors': listFlavors,
  'POST /v2.1/flavors': createFlavor,
  'GET /v2.1/flavors/detail': listFlavorsDetail,
  'GET /v2.1/flavors/{flavor_id}': showFlavor,
  'PUT /v2.1/flavors/{flavor_id}': updateFlavor,
  'DELETE /v2.1/flavors/{flavor_id}': deleteFlavor,
  'GET /v2.1/flavors/{flavor_id}/os-flavor-access': listFlavorAccess,
  'POST /v2.1/flavors/{flavor_id}/action': flavorAction,
  'GET /v2.1/flavors/{flavor_id}/os-extra_specs': listExtraSpecs,
  'POST /v2.1/flavors/{flavor_id}/os-extra_specs': createExtraSpecs,
  'GET /v2.1/flavors/{flavor_id}/os-extra_specs/{key}': showExtraSpec,
  'PUT /v2.1/flavors/{flavor_id}/os-extra_specs/{key}': updateExtraSpec,
  'DELETE /v2.1/flavors/{flavor_id}/os-extra_specs/{key}': deleteExtraSpec,
  'GET /v2.1/os-keypairs': listKeypairs,
  'POST /v2.1/os-keypairs': createKeypair,
  'GET /v2.1/os-keypairs/{keypair_name}': showKeypair,
  'DELETE /v2.1/os-keypairs/{keypair_name}': deleteKeypair,
  'GET /v2.1/limits': showLimits,
  'GET /v2.1/os-quota-sets/{project_id}': showQuotaSet,
  'PUT /v2.1/os-quota-sets/{project_id}': updateQuotaSet,
  'DELETE /v2.1/os-quota-sets/{project_id}': deleteQuotaSet,
  'GET /v2.1/os-quota-sets/{project_id}/detail': showQuotaSetDetail,
  'GET /v2.1/os-quota-sets/{project_id}/defaults': showQuotaDefaults,
  'GET /v2.1/os-services': listServices,
  'PUT /v2.1/os-services/{service_id}': updateService,
  'DELETE /v2.1/os-services/{service_id}': deleteService,
  'GET /v2.1/os-hypervisors': listHypervisors,
  'GET /v2.1/os-hypervisors/detail': listHypervisorsDetail,
  'GET /v2.1/os-hypervisors/statistics': hypervisorStatistics,
  'GET /v2.1/os-hypervisors/{hypervisor_id}': showHypervisor,
  'GET /v2.1/os-aggregates': listAggregates,
  'POST /v2.1/os-aggregates': createAggregate,
  'GET /v2.1/os-aggregates/{aggregate_id}': showAggregate,
  'DELETE /v2.1/os-aggregates/{aggregate_id}': deleteAggregate,
  'POST /v2.1/os-aggregates/{aggregate_id}/action': aggregateAction,
  'GET /v2.1/os-availability-zone': listAvailabilityZones,
  'GET /v2.1/os-availability-zone/detail': listAvailabilityZonesDetail,
  'GET /v2.1/os-console-auth-tokens/{console_token}': showConsoleAuthToken,
  'POST /v2.1/os-server-external-events': createExternalEvents,
};

/** Checks the requested microversion (400 / 406) before the handler runs. */
function versioned(h: Handler): Handler {
  return (ctx, req) => {
    microversion(req);
    return h(ctx, req);
  };
}

export const routes: Record<string, Handler> = Object.fromEntries(Object.entries(table).map(([k, h]) => [k, versioned(h)]));

/** The version documents need no token. */
export const publicRoutes = ['GET /', 'GET /v2.1'];
