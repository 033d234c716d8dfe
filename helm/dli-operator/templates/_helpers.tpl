{{/* The release's full name, at most 63 characters. */}}
{{- define "dli-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "dli-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "dli-operator.labels" -}}
{{ include "dli-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "dli-operator.serviceAccountName" -}}
{{- default (include "dli-operator.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{/* Leader election is on whenever more than one replica runs. */}}
{{- define "dli-operator.leaderElection" -}}
{{- if or .Values.leaderElection.enabled (gt (int .Values.replicas) 1) }}true{{ else }}false{{ end -}}
{{- end -}}

{{- define "dli-operator.defaultConnectionNamespace" -}}
{{- default .Release.Namespace .Values.defaultConnection.namespace -}}
{{- end -}}

{{/* What the operator may do to DliJobs, DliCronJobs, DliConnections and Events, wherever it watches.
Secrets are granted apart: see secretRules and rbac.yaml. */}}
{{- define "dli-operator.watchRules" -}}
- apiGroups: ["dli.operator.dev"]
  resources: ["dlijobs"]
  # create: a DliCronJob's runs; delete: ttlSecondsAfterFinished and a DliCronJob's history
  verbs: ["get", "list", "watch", "create", "patch", "update", "delete"]
- apiGroups: ["dli.operator.dev"]
  resources: ["dlijobs/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["dli.operator.dev"]
  resources: ["dlijobs/finalizers"]
  verbs: ["patch", "update"]
- apiGroups: ["dli.operator.dev"]
  resources: ["dliconnections"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["dli.operator.dev"]
  resources: ["dliconnections/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["dli.operator.dev"]
  resources: ["dlicronjobs"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["dli.operator.dev"]
  resources: ["dlicronjobs/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["dli.operator.dev"]
  # a run's ownerReference blocks its owner's deletion (OwnerReferencesPermissionEnforcement)
  resources: ["dlicronjobs/finalizers"]
  verbs: ["update"]
{{- end -}}

{{/* Secrets: the ones connections name, read one by one (name field selector) and patched (in-use finalizer). */}}
{{- define "dli-operator.secretRules" -}}
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "patch"]
{{- end -}}

{{- define "dli-operator.credentialsNamespace" -}}
{{- default .Release.Namespace .Values.clusterConnections.credentialsNamespace -}}
{{- end -}}
