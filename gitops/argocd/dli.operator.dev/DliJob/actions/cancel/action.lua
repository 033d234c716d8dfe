-- Sets spec.cancel: the operator cancels the DLI job. Like any change made outside Git, Argo CD
-- shows it as drift; put cancel: true in Git to keep it (see the README, GitOps).
obj.spec.cancel = true
return obj
