/* bottega-core.h: every model of the core layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "bottega-account.h"
#include "bottega-agent.h"
#include "bottega-attachment.h"
#include "bottega-canned-response.h"
#include "bottega-conversation.h"
#include "bottega-customer.h"
#include "bottega-enums.h"
#include "bottega-inbox.h"
#include "bottega-label.h"
#include "bottega-message.h"
#include "bottega-price.h"
#include "bottega-product.h"
#include "bottega-redact.h"
