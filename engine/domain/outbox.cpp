#include "domain/outbox.hpp"

#include "domain/enum_names.hpp"

namespace duban {

namespace {
constexpr auto kStatuses = enum_names<DeliveryStatus>({
    {DeliveryStatus::pending, "pending", "待发送"},
    {DeliveryStatus::sending, "sending", "发送中"},
    {DeliveryStatus::sent, "sent", "已发送"},
    {DeliveryStatus::retrying, "retrying", "待重试"},
    {DeliveryStatus::dead, "dead", "发送失败"},
    {DeliveryStatus::cancelled, "cancelled", "已取消"},
});
}  // namespace

std::string_view to_string(DeliveryStatus status) { return kStatuses.code(status); }
std::string_view label_zh(DeliveryStatus status) { return kStatuses.zh(status); }
std::optional<DeliveryStatus> delivery_status_from(std::string_view text) {
  return kStatuses.parse(text);
}

}  // namespace duban
