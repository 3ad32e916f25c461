#pragma once
// Every request's text checked and trimmed before a use case reads it (domain/text_check.hpp):
// text that is not valid UTF-8 or holds control characters is refused naming its field
// (Error(invalid_text)), and text of white space alone counts as empty. The command line and the
// HTTP API build the same requests, so both are held to the same rules here.
#include "app/item_cases.hpp"
#include "app/queries.hpp"
#include "app/round_cases.hpp"

namespace duban::app {

AddItem cleaned(AddItem request);
ChangeItem cleaned(ChangeItem request);
StartRound cleaned(StartRound request);
ChangeStep cleaned(ChangeStep request);
ApproveReport cleaned(ApproveReport request);
Submit cleaned(Submit request);
AddProblem cleaned(AddProblem request);
ItemQuery cleaned(ItemQuery query);

}  // namespace duban::app
