// Builders on the @kubernetes-models packages: each returns the plain JSON object of a typed model.
import {
  Application,
  AppProject,
  type IApplication,
  type IAppProject,
} from '@kubernetes-models/argo-cd/argoproj.io/v1alpha1';
import { Gateway, type IGateway } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1';
import {
  HealthCheckPolicy,
  GCPBackendPolicy,
  type IHealthCheckPolicy,
  type IGCPBackendPolicy,
} from '@kubernetes-models/gke/networking.gke.io/v1';
import {
  Certificate,
  ClusterIssuer,
  type ICertificate,
  type IClusterIssuer,
} from '@kubernetes-models/cert-manager/cert-manager.io/v1';
import { ExternalSecret, type IExternalSecret } from '@kubernetes-models/external-secrets/external-secrets.io/v1beta1';
import { NetworkPolicy, type INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import {
  ConfigMap,
  Namespace,
  Service,
  ServiceAccount,
  type IConfigMap,
  type INamespace,
  type IService,
  type IServiceAccount,
} from 'kubernetes-models/v1';
import { Job, type IJob } from 'kubernetes-models/batch/v1';
import {
  ContainerCluster,
  ContainerNodePool,
  type IContainerCluster,
  type IContainerNodePool,
} from '@kubernetes-models/gke/container.cnrm.cloud.google.com/v1beta1';
import { Role, RoleBinding, type IRole, type IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';

type Input<T> = Omit<T, 'apiVersion' | 'kind'>;
const plain = <T>(model: { toJSON(): unknown }): T => JSON.parse(JSON.stringify(model.toJSON())) as T;

export const application = (data: Input<IApplication>): IApplication => plain(new Application(data));
export const appProject = (data: Input<IAppProject>): IAppProject => plain(new AppProject(data));
export const service = (data: Input<IService>): IService => plain(new Service(data));
export const gateway = (data: Input<IGateway>): IGateway => plain(new Gateway(data));
export const healthCheckPolicy = (data: Input<IHealthCheckPolicy>): IHealthCheckPolicy =>
  plain(new HealthCheckPolicy(data));
export const gcpBackendPolicy = (data: Input<IGCPBackendPolicy>): IGCPBackendPolicy =>
  plain(new GCPBackendPolicy(data));
export const certificate = (data: Input<ICertificate>): ICertificate => plain(new Certificate(data));
export const clusterIssuer = (data: Input<IClusterIssuer>): IClusterIssuer => plain(new ClusterIssuer(data));
/**
 * external-secrets.io/v1 ExternalSecret. external-secrets stopped serving v1beta1 in v0.17, and no
 * @kubernetes-models release for Node 20 ships v1; the v1 spec keeps the v1beta1 field shapes this
 * generator uses, so the typed v1beta1 model checks the fields and only the apiVersion differs.
 */
export interface IExternalSecretV1 extends Omit<IExternalSecret, 'apiVersion'> {
  apiVersion: 'external-secrets.io/v1';
}
export const externalSecretV1 = (data: Input<IExternalSecret>): IExternalSecretV1 => ({
  ...plain<IExternalSecret>(new ExternalSecret(data)),
  apiVersion: 'external-secrets.io/v1',
});
export const networkPolicy = (data: Input<INetworkPolicy>): INetworkPolicy => plain(new NetworkPolicy(data));
export const configMap = (data: Input<IConfigMap>): IConfigMap => plain(new ConfigMap(data));
export const namespace = (data: Input<INamespace>): INamespace => plain(new Namespace(data));
export const serviceAccount = (data: Input<IServiceAccount>): IServiceAccount => plain(new ServiceAccount(data));
export const job = (data: Input<IJob>): IJob => plain(new Job(data));
export const role = (data: Input<IRole>): IRole => plain(new Role(data));
export const roleBinding = (data: Input<IRoleBinding>): IRoleBinding => plain(new RoleBinding(data));
export const containerCluster = (data: Input<IContainerCluster>): IContainerCluster =>
  plain(new ContainerCluster(data));
export const containerNodePool = (data: Input<IContainerNodePool>): IContainerNodePool =>
  plain(new ContainerNodePool(data));
