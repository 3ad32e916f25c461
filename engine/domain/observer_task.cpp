#include "domain/observer_task.hpp"

#include "domain/enum_names.hpp"

namespace duban {

namespace {
constexpr auto kStatuses = enum_names<TaskStatus>({
    {TaskStatus::pending, "pending", "待处理"},
    {TaskStatus::running, "running", "处理中"},
    {TaskStatus::retrying, "retrying", "待重试"},
    {TaskStatus::done, "done", "已完成"},
    {TaskStatus::dead, "dead", "处理失败"},
});
}  // namespace

std::string_view to_string(TaskStatus status) { return kStatuses.code(status); }
std::string_view label_zh(TaskStatus status) { return kStatuses.zh(status); }
std::optional<TaskStatus> task_status_from(std::string_view text) { return kStatuses.parse(text); }

}  // namespace duban
