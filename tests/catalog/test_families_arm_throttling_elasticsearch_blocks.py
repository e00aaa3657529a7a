"""Elasticsearch's flood-stage write block answers 429 and prints its REST status's name
(elastic/elasticsearch IndexMetadata.INDEX_READ_ONLY_ALLOW_DELETE_BLOCK: ClusterBlock 12, "disk
usage exceeded flood-stage watermark, index has read-only-allow-delete block",
RestStatus.TOO_MANY_REQUESTS): a data node's full disk, not ARM's request budget, so it names
nothing. Cited in orchestrator/catalog/families.yaml (arm-throttling, `unless`)."""

from __future__ import annotations

import pytest

from tests.catalog.wordings import family_of


@pytest.mark.parametrize(
    "wording",
    [
        "ClusterBlockException[index [logs-2024] blocked by: [TOO_MANY_REQUESTS/12/disk usage"
        " exceeded flood-stage watermark, index has read-only-allow-delete block];]",
        '{"error":{"root_cause":[{"type":"cluster_block_exception","reason":"index [.kibana]'
        " blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, index has"
        ' read-only-allow-delete block];"}],"status":429}',
        'retrying failed action with response code: 429 ({"type"=>"cluster_block_exception",'
        ' "reason"=>"index [filebeat] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded'
        ' flood-stage watermark, index has read-only-allow-delete block];"})',
    ],
)
def test_elasticsearchs_flood_stage_block_names_nothing(wording: str) -> None:
    assert family_of(wording) is None
