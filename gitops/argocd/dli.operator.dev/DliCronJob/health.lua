-- Argo CD health check for dli.operator.dev/DliCronJob.
-- Written for Argo CD's sandbox: only the base and table libraries (no string library).
-- Stalled or the newest finished run Failed -> Degraded, spec.suspend -> Suspended, a generation the
-- operator has not observed (or a foreground deletion) -> Progressing, anything else -> Healthy. A
-- running run is Healthy: the schedule is doing what Git asks; the run's own health is its DliJob's.
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

local status = obj.status or {}
local generation = obj.metadata.generation or 0
local current = status.observedGeneration ~= nil and status.observedGeneration >= generation

local function nextRun()
  if status.nextScheduleTime ~= nil then
    return "next run at " .. status.nextScheduleTime
  end
  return "no run scheduled"
end

local stalled = condition("Stalled")
if current and stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = describe(stalled, "Stalled")
  return hs
end

if obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "Deleting: the garbage collector deletes its runs first"
  return hs
end

if not current then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

if status.lastRunResult == "Failed" then
  hs.status = "Degraded"
  hs.message = "LastRunFailed: the newest finished run, DliJob " .. tostring(status.lastRunName) .. ", failed"
  return hs
end

if obj.spec.suspend == true then
  hs.status = "Suspended"
  hs.message = "Suspended: no run starts until spec.suspend is false"
  return hs
end

local active = status.active or {}
hs.status = "Healthy"
if #active == 1 then
  hs.message = "Running DliJob " .. tostring(active[1].name) .. "; " .. nextRun()
elseif #active > 1 then
  hs.message = "Running " .. tostring(#active) .. " DliJobs; " .. nextRun()
elseif status.lastRunResult ~= nil then
  hs.message = "DliJob " .. tostring(status.lastRunName) .. " " .. status.lastRunResult .. "; " .. nextRun()
else
  hs.message = "No run yet; " .. nextRun()
end
return hs
