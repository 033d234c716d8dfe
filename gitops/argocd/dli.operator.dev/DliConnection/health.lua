-- Argo CD health check for dli.operator.dev/DliConnection and dli.operator.dev/ClusterDliConnection
-- (the same script under both keys). Written for Argo CD's sandbox: only the base and table libraries.
-- Being deleted (it waits for the DliJobs that still use it) or a generation the operator has not
-- observed -> Progressing; Stalled (DLI refused the credentials, or their Secret is missing or not
-- readable) -> Degraded; Ready (DLI accepted the credentials) -> Healthy; still checking, or DLI did
-- not answer the check -> Progressing.
local hs = {}

local function condition(conditionType)
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

local function describe(c, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return c.reason .. ": " .. c.message
  end
  return fallback
end

local status = obj.status or {}
local generation = obj.metadata.generation or 0

if obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "Deleting: it goes once no DliJob that may still call DLI uses it"
  return hs
end

if status.observedGeneration == nil or status.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local stalled = condition("Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(stalled, "Stalled")
  return hs
end

local ready = condition("Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = describe(ready, "Ready")
  return hs
end

hs.status = "Progressing"
hs.message = describe(condition("Reconciling"), "Checking the credentials")
return hs
