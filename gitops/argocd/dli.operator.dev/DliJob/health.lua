-- Argo CD health check for dli.operator.dev/DliJob.
-- Written for Argo CD's sandbox: only the base and table libraries (no string library).
-- Stalled -> Degraded, Ready -> Healthy, anything else -> Progressing; never Suspended, since
-- Argo CD waits on a Suspended hook forever.
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
  if c ~= nil and c.reason ~= nil then
    return c.reason
  end
  return fallback
end

local generation = obj.metadata.generation or 0
local observed = nil
if obj.status ~= nil then
  observed = obj.status.observedGeneration
end
local current = observed ~= nil and observed >= generation

local stalled = condition("Stalled")
if current and stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(stalled, "Stalled")
  return hs
end

if obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  if obj.spec.deletionPolicy == "Orphan" then
    hs.message = "Deleting: the DLI job is left as it is"
  else
    hs.message = "Deleting: the operator cancels the DLI job before it lets the DliJob go"
  end
  return hs
end

if not current then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local ready = condition("Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  if ready.reason == "Cancelled" then
    hs.message = "Cancelled as requested"
  else
    hs.message = describe(ready, "Ready")
  end
  return hs
end

hs.status = "Progressing"
hs.message = describe(condition("Reconciling"), "Waiting for the operator")
return hs
