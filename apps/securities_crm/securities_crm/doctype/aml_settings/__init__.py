"""AML Settings (反洗钱报送设置): one record, the reporting institution's name and code for AML filings."""
