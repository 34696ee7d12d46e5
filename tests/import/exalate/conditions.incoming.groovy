if (firstSync) {
  issue.projectKey = "DEV"
  issue.typeName   = nodeHelper.getIssueType(replica.type?.name)?.name ?: "Task"
}
if (replica.status?.name == "Done" && replica.resolution?.name != "Won't Do") {
  issue.setStatus("Resolved")
} else if (replica.status?.name == "In Progress" || replica.status?.name == "In Review") {
  issue.setStatus("In Progress")
} else {
  issue.setStatus("Open")
}
if (replica.assignee) issue.assignee = nodeHelper.getUserByEmail(replica.assignee?.email)
if (!replica.labels) {
  issue.labels = ["from-${replica.key}"]
}
if (replica.priority?.name != null && !(replica.priority.name == "Lowest")) {
  issue.priority = replica.priority
}
issue.environment = replica.environment ? replica.environment : "unknown"
